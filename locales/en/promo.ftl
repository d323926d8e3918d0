## Promotions: composing (photo, URL button, audiences) and scheduling
promo-caption-too-long = The text under a photo may be at most 1024 characters (Telegram's limit for captions). Shorten it, or send the promotion without the photo.
promo-audience-tier = Tier { $name }
promo-audience-inactive = No purchases for { $days ->
        [one] { $days } day
       *[other] { $days } days
    }
promo-audience-birthday = 🎂 Birthday this month
promo-audience-referred = 🤝 Invited by a friend
promo-audience-points = At least { $points ->
        [one] { $points } point
       *[other] { $points } points
    }
promo-audience-spent = Spent at least { $amount } in { $days ->
        [one] { $days } day
       *[other] { $days } days
    }
promo-draft-button = Button: <b>{ $label }</b> → { $url }
promo-button-points = ≥ N points
promo-button-inactive = Inactive N days
promo-button-spent = Spent ≥ X
promo-button-url = 🔗 Add button
promo-button-schedule = ⏰ Schedule
promo-ask-points = Type the minimum balance in points, e.g. <code>500</code>.
promo-ask-inactive = Type the number of days without a purchase, e.g. <code>30</code>. Customers who joined at least that long ago and never bought count too.
promo-ask-spent = Type the minimum amount and the number of days, e.g. <code>1000 30</code>: customers who spent at least that much in the last 30 days (refunds deducted).
promo-ask-button = Type the button as <code>Label | https://example.com</code>, or <code>-</code> to remove it.
promo-ask-schedule = Type the date and time to send it, in UTC (the bot has no time zone configured), e.g. <code>{ $now }</code>. It is { $now } UTC now.
promo-bad-points = That is not a number of points. Type a whole number from 1, e.g. <code>500</code>.
promo-bad-days = That is not a number of days. Type a whole number from 1 to { $max }, e.g. <code>30</code>.
promo-bad-spent = Type an amount and a number of days separated by a space, e.g. <code>1000 30</code>.
promo-bad-button = Type the label, a vertical bar and the link, e.g. <code>Order now | https://example.com</code>.
promo-bad-button-label = The button label must not be empty and may have at most { $max ->
        [one] { $max } character
       *[other] { $max } characters
    }.
promo-bad-button-url = The link must start with http:// or https:// and name a site, e.g. https://example.com.
promo-bad-date = That is not a date and time. Type it as <code>2026-12-01 10:00</code> (UTC).
promo-date-past = That time has already passed. Type a time in the future (UTC).
promo-date-too-far = That is more than a year ahead. Type a time within the next year (UTC).
promo-scheduled = ⏰ Promotion #{ $id } is scheduled for <b>{ $when } UTC</b>. It would reach { $count ->
        [one] { $count } customer
       *[other] { $count } customers
    } now; the audience is counted again when it starts. You will get a message then.
promo-schedule-cancelled = Scheduled promotion #{ $id } cancelled; nothing was sent.
promo-schedule-started = ⏰ Scheduled promotion #{ $id } has started: sending to { $count ->
        [one] { $count } customer
       *[other] { $count } customers
    }.
promo-list-empty = No promotions are scheduled.
promo-list-item = ⏰ #{ $id } at <b>{ $when } UTC</b>: { $text }
