# Extras: birthday gift, coupons, visit feedback. HTML parse mode: escape & < > in text.

## Commands
cmd-birthday = Your birthday gift
cmd-coupon = Coupons: /coupon add CODE bonus 100 limit 500 until 2026-12-31
cmd-feedback = Ratings and comments of visits

## History
history-kind-birthday = Birthday gift
history-kind-coupon = Coupon
history-kind-feedback = Thanks for your rating

## Birthday
birthday-ask = 🎂 When is your birthday? Send it as DD.MM.YYYY (e.g. 15.06.1990) or just DD.MM. We give you a gift on the day.
birthday-error-format = Please send the date as DD.MM.YYYY (e.g. 15.06.1990) or DD.MM.
birthday-error-no-such-day = There is no such day. Please check the date and send it again.
birthday-error-future = This date is in the future. Please send your birthday.
birthday-error-year = Please check the year: send it with four digits, e.g. 15.06.1990.
birthday-confirm =
    Your birthday: <b>{ $date }</b>.
    ⚠️ You cannot change it yourself later (only the shop's staff can). Save it?
birthday-button-save = ✅ Save
birthday-button-retry = ✏️ Enter again
birthday-saved = 🎂 Saved: <b>{ $date }</b>. See you on your birthday!
birthday-already = 🎂 Your birthday: <b>{ $date }</b>. To change it, please ask the staff at the till.
birthday-gift =
    🎉 Happy birthday, { $name }! Here is our gift: <b>+{ $points ->
        [one] { $points } point
       *[other] { $points } points
    }</b>. Balance: { $balance ->
        [one] { $balance } point
       *[other] { $balance } points
    }.
birthday-not-given = not given
privacy-extras =
    • your birthday, if you gave it, for the birthday gift (yours: { $birthday });
    • your ratings of visits and your comments, which the owner reads.

## Coupons (owner)
coupon-value-bonus = { $points ->
        [one] { $points } bonus point
       *[other] { $points } bonus points
    }
coupon-value-discount = −{ $percent }% on the next purchase
coupon-usage =
    <b>Coupons</b>
    <code>/coupon add SUMMER bonus 100 limit 500 until 2026-12-31</code> — bonus points when claimed
    <code>/coupon add SAVE10 discount 10% limit 100 until 2026-12-31</code> — a discount on the next purchase
    Add <code>from 2026-12-01</code> to start later. The code is 3 to 16 letters A–Z and digits; each customer can use a coupon once.
    <code>/coupon</code> lists your coupons.
coupon-error-code = The code must be 6 to 16 Latin letters and digits, e.g. SUMMER25.
coupon-error-value = Bonus points must be a whole number from 1 to 1,000,000; a discount from 0.01% to 100%.
coupon-error-limit = The limit must be a whole number of uses from 1 to 1,000,000.
coupon-error-date = Write dates as YYYY-MM-DD, e.g. 2026-12-31.
coupon-error-period = The end date must not be in the past or before the start date.
coupon-error-exists = A coupon with the code { $code } already exists.
coupon-created =
    🎟 Coupon <b>{ $code }</b>: { $value }
    Up to { $limit ->
        [one] { $limit } use
       *[other] { $limit } uses
    }, one per customer, from { $from } to { $until }.
    Link for flyers (the QR code above opens it): { $link }
coupon-list-empty = No coupons yet. { coupon-usage }
coupon-list-title = <b>Coupons</b> (uses / limit)
coupon-list-line = <b>{ $code }</b> · { $value } · { $uses }/{ $limit } · until { $until } · { $status }
coupon-status-active = active
coupon-status-stopped = stopped
coupon-status-expired = expired
coupon-status-used-up = used up
coupon-status-not-yet = not started
coupon-button-stop = ⏹ Stop { $code }
coupon-stopped = Stopped.

## Coupons (customer)
coupon-claimed-bonus =
    🎟 Coupon <b>{ $code }</b>: <b>+{ $points ->
        [one] { $points } point
       *[other] { $points } points
    }</b>. Balance: { $balance ->
        [one] { $balance } point
       *[other] { $balance } points
    }.
coupon-claimed-discount = 🎟 Coupon <b>{ $code }</b> is yours: <b>−{ $percent }%</b> on your next purchase. Show your card at the till.
coupon-applied-customer = 🎟 Coupon <b>{ $code }</b> used: −{ $percent }% on this purchase.

## Coupons (till)
coupon-button-apply = 🎟 Apply −{ $percent }% ({ $code })
coupon-apply-done = ✅ Coupon <b>{ $code }</b> applied: give the customer <b>−{ $percent }%</b> on this purchase.
coupon-apply-gone = This coupon was already applied or is no longer valid.

## Feedback
feedback-thanks = Thank you for your rating: { $stars }
feedback-bonus = <b>+{ $points ->
        [one] { $points } point
       *[other] { $points } points
    }</b> for your feedback. Balance: { $balance ->
        [one] { $balance } point
       *[other] { $balance } points
    }.
feedback-ask-comment = Anything to add? Write a comment in your next message (within 15 minutes), or just carry on.
feedback-already = You have already rated this visit.
feedback-undone = This purchase was cancelled.
feedback-not-yours = This receipt is not yours.
feedback-comment-saved = Thank you, we will read your comment.
feedback-comment-already = Your comment on this visit is already saved.
feedback-summary-empty = No ratings yet. Customers can rate a visit under their receipt.
feedback-summary =
    <b>Ratings of visits</b>
    Average <b>{ $average }</b> from { $count ->
        [one] { $count } rating
       *[other] { $count } ratings
    }
    5⭐ { $five } · 4⭐ { $four } · 3⭐ { $three } · 2⭐ { $two } · 1⭐ { $one }
feedback-comments-title = <b>Latest comments</b>
feedback-comment-line = { $rating }⭐ · { $date } · { $name }: { $comment }
