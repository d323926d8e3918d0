## Earning: tiers, discount card, stamps, promo rules (owner: earn)
history-kind-stamp = Stamp card gift
history-kind-promo = Promo bonus
earn-error-no-points = This programme is a discount card only: there are no points to spend.
earn-card-caption-no-points =
    Card <code>{ $number }</code>
    Show this QR code at the till.
earn-card-tier = Tier: { $tier }
earn-card-discount = 🏷 Discount to apply: <b>{ $percent }%</b>
earn-card-discount-customer = 🏷 Your discount: <b>{ $percent }%</b>
earn-card-stamps = Stamps: { $collected }/{ $every }
earn-stamp-full = 🎉 Stamp card full ({ $every }/{ $every })!
earn-stamp-gift-points = 🎁 Gift: +{ $points ->
        [one] { $points } point
       *[other] { $points } points
    }
earn-stamp-gift-text = 🎁 Gift: { $gift }
earn-promo-multiplied = ⚡ Promo: points ×{ $multiplier }
earn-promo-bonus = 🎁 Promo bonus: +{ $points ->
        [one] { $points } point
       *[other] { $points } points
    }
earn-purchase-posted-no-points = ✅ Receipt #{ $receipt }: { $amount } for { $name }.
earn-receipt-customer-no-points = 🧾 Purchase at { $store }: { $amount } · Receipt #{ $receipt }
earn-tier-up = 🎉 You are now on the <b>{ $tier }</b> tier: you earn { $rate }% on purchases.
earn-tier-down = Your tier is now <b>{ $tier }</b>: you earn { $rate }% on purchases. Shop more to move up again.
earn-tier-up-no-points = 🎉 You are now on the <b>{ $tier }</b> tier.
earn-tier-down-no-points = Your tier is now <b>{ $tier }</b>. Shop more to move up again.

## /rules (owners)
cmd-rules = Promo rules: /rules add x2 2026-11-28 2026-11-30
rules-list-header = <b>Promo rules</b> (running and upcoming, dates in UTC):
rules-none = No running or upcoming promo rules.
rules-usage =
    Add a rule with one line:
    <code>/rules add x2 2026-11-28 2026-11-30</code> — double points on those days
    <code>/rules add +200 2026-12-01 2026-12-07 first 100 tier Gold</code> — 200 points once per customer, for the first 100 customers on the Gold tier
    Dates are UTC days, both included.
rules-effect-multiplier = points ×{ $multiplier }
rules-effect-bonus = +{ $points ->
        [one] { $points } point
       *[other] { $points } points
    } once per customer
rules-dates = { $from } – { $to }
rules-first = first { $k ->
        [one] { $k } customer
       *[other] { $k } customers
    } ({ $taken } so far)
rules-tier = tier { $tier }
rules-running = running
rules-upcoming = upcoming
rules-added = ✅ Rule #{ $id } added: { $rule }
rules-stop-button = ⏹ Stop #{ $id }
rules-stopped = ⏹ Rule #{ $id } stopped: purchases from now on do not get it.
rules-already-stopped = This rule was already stopped.
rules-error-usage = Write the effect, the first and the last day.
rules-error-effect = The effect must be xN (more than 1, at most 10, e.g. x2 or x1.5) or +N points (e.g. +200).
rules-error-date = “{ $input }” is not a date: write it as YYYY-MM-DD, e.g. 2026-11-28.
rules-error-end-before-start = The last day is before the first.
rules-error-past = That rule would already be over.
rules-error-first = After “first” write how many customers, e.g. first 100.
rules-error-tier-name = After “tier” write the tier's name, e.g. tier Gold.
rules-error-unexpected = I did not understand “{ $word }”.
rules-error-unknown-tier = There is no tier named “{ $tier }”.
rules-preview-title = <b>New promo rule: check it before it starts</b> (nothing changes until you confirm)
rules-preview-multiplier = What: points ×{ $multiplier } on every purchase (several multipliers do not add up: the highest applies)
rules-preview-bonus = What: +{ $points ->
        [one] { $points } point
       *[other] { $points } points
    } once per customer, on their first purchase while it runs
rules-preview-dates = When: { $from } – { $to } (UTC days, both included)
rules-preview-everyone = Who: every customer
rules-preview-tier = Who: customers on the { $tier } tier
rules-preview-no-limit = Limit: none
rules-preview-first = Limit: { $k ->
        [one] only the first customer who buys while it runs
       *[other] the first { $k } customers who buy while it runs
    }
rules-preview-example-multiplier = Example: a purchase of { $amount } would earn { $with ->
        [one] { $with } point
       *[other] { $with } points
    } instead of { $without }.
rules-preview-example-bonus = Example: a customer's first purchase of { $amount } would earn { $with ->
        [one] { $with } point
       *[other] { $with } points
    } instead of { $without } (later ones { $without } as usual).
rules-confirm-button = ✅ Confirm
rules-cancel-button = ✖ Cancel
rules-cancelled = ✖ Cancelled: no rule was added.
rules-already-added = Rule #{ $id } is already added.
rules-draft-gone = This rule was cancelled or has expired: nothing was added.
rules-draft-over = Its last day has passed: nothing was added.
rules-error-no-points = This programme is a discount card only: promo rules change points, so they would do nothing.
