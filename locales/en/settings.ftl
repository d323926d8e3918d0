## Programme settings (/settings, owners only)
cmd-settings = Programme settings
settings-title = ⚙️ <b>Programme settings</b>
settings-group-programme = <b>Programme</b>
settings-group-points = <b>Points</b>
settings-group-discount = <b>Discount card</b>
settings-group-tiers = <b>Tiers</b>
settings-group-stamps = <b>Stamp card</b>
settings-group-gifts = <b>Gifts</b>
settings-line = { $name }: { $value }
settings-name-programme-type = Programme type
settings-name-earn-rate = Earn rate
settings-name-point-value = Point value
settings-name-max-redeem-share = Max share paid with points
settings-name-welcome-bonus = Welcome bonus
settings-name-referral-bonus = Referral bonus (friend)
settings-name-referrer-bonus = Referral bonus (inviter)
settings-name-expiry-months = Points expire after
settings-name-discount-mode = Discount mode
settings-name-discount-percent = Discount
settings-name-discount-levels = Discount levels
settings-name-tier-period-days = Tier period
settings-name-tiers = Tiers
settings-name-stamp-every = Stamp card
settings-name-stamp-min-amount = Stamp minimum purchase
settings-name-stamp-gift = Stamp gift
settings-name-stamp-gift-points = Stamp gift points
settings-name-birthday-bonus = Birthday gift
settings-name-feedback-bonus = Feedback bonus
settings-button-log = 📜 Change log
settings-button-back = ‹ Settings
settings-button-save = ✅ Save
settings-button-cancel = ✖ Cancel

## Values
settings-points = { $count ->
        [one] { $count } point
       *[other] { $count } points
    }
settings-months = { $count ->
        [one] { $count } month
       *[other] { $count } months
    }
settings-days = { $count ->
        [one] { $count } day
       *[other] { $count } days
    }
settings-every = { $count ->
        [one] a gift with every purchase
       *[other] a gift every { $count } purchases
    }
settings-never = never
settings-off = off
settings-none = none
settings-no-minimum = no minimum
settings-programme-points = Points
settings-programme-discount = Discount card
settings-programme-both = Points and discount card
settings-discount-fixed = Fixed percent
settings-discount-progressive = Progressive by total spend
settings-tier-item = { $name } from { $spend }: { $rate }%
settings-level-item = from { $spend }: { $percent }%
settings-choice-never = Never
settings-choice-off = Switch off
settings-choice-no-text = No gift text
settings-choice-clear = Remove all

## The dialogue
settings-prompt-head = <b>{ $name }</b> now: { $value }
settings-prompt-percent = Send the new percent, from 0 to 100 (e.g. 7 or 7,5).
settings-prompt-points = Send a whole number of points (0 switches it off).
settings-prompt-money = Send an amount, e.g. 1 or 0,50.
settings-prompt-threshold = Send an amount, or 0 for no minimum.
settings-prompt-months = Send the number of months, from 1 to 120, or press Never.
settings-prompt-days = Send the number of days, from 1 to 3650.
settings-prompt-stamp-every = Send N, from 2 to 20: every Nth purchase earns the gift. Or press Switch off.
settings-prompt-text = Send what the gift is (up to 100 characters), or press No gift text.
settings-prompt-choice = Choose:
settings-prompt-tiers =
    Send the tiers, one per line: name, spend within the tier period, earn rate in %. For example:
    <code>Silver 10000 7</code>
    <code>Gold 50000 10</code>
    The list replaces the current one; customers below every tier stay on the base earn rate.
settings-prompt-levels =
    Send the discount levels, one per line: total spend and discount in %. For example:
    <code>1000 3</code>
    <code>5000 5</code>
    The list replaces the current one.
settings-error-not-a-number = That is not a number. Send digits, e.g. 7 or 7,5.
settings-error-negative = The value cannot be negative.
settings-error-too-precise = At most two decimals, e.g. 7,25.
settings-error-not-whole = Send a whole number, without decimals.
settings-error-range = Send a value from { $min } to { $max }.
settings-error-too-long = At most { $max ->
        [one] { $max } character
       *[other] { $max } characters
    }.
settings-error-tier-shape = each line needs a name, an amount and a percent, e.g. <code>Silver 10000 7</code>.
settings-error-level-shape = each line needs an amount and a percent, e.g. <code>1000 3</code>.
settings-error-line = Line { $line }: { $reason }
settings-error-duplicate = Line { $line } repeats a name or an amount of an earlier line.
settings-error-too-many = At most { $max ->
        [one] { $max } line
       *[other] { $max } lines
    }.
settings-error-not-a-choice = Choose one of the buttons.
settings-error-unchanged = That is already the current value. Send another one, or press Cancel.
settings-try-again = Nothing was changed. Send another value, or press Cancel.
settings-preview = <b>{ $name }</b>: { $old } → <b>{ $new }</b>
settings-preview-hint = Save to apply it to purchases from now on; earlier purchases keep their terms.
settings-example-earn-rate = For example, a purchase of { $amount } earns { $points ->
        [one] { $points } point
       *[other] { $points } points
    }.
settings-example-point-value = For example, { $points ->
        [one] { $points } point pays
       *[other] { $points } points pay
    } { $amount } of a purchase.
settings-example-max-share = For example, at most { $points ->
        [one] { $points } point
       *[other] { $points } points
    } ({ $value }) can pay for a purchase of { $amount }.
settings-saved = ✅ Saved. { $name }: { $old } → { $new }
settings-saved-toast = Saved
settings-cancelled = Cancelled: nothing was changed.
settings-stale = This dialogue is over. Open /settings again.
settings-expired = ⌛ Your settings dialogue was idle for 30 minutes and has been cancelled: nothing was changed.
settings-log-title = 📜 <b>Latest changes</b>
settings-log-line = { $when } · { $who } · { $name }: { $old } → { $new }
settings-log-empty = No changes yet.
