# Customer side. Messages are sent with HTML parse mode: only <b>, <i>, <code> tags, and the
# characters & < > must not appear bare. Names are escaped by the code before insertion.

language-name = 🇬🇧 English

## Commands (Telegram's command menu)
cmd-start = Start / get your card
cmd-card = Show your card
cmd-balance = Your points
cmd-history = Latest operations
cmd-invite = Invite a friend
cmd-language = Change language
cmd-help = How it works

## Main menu (reply keyboard)
menu-card = 💳 Card
menu-balance = 💰 Balance
menu-history = 📜 History
menu-invite = 🎁 Invite
menu-help = ❓ Help

## Joining
welcome-new =
    Welcome, { $name }! Your loyalty card is ready.
    { $bonus ->
        [0] Show it at the till to collect points.
        [one] Here is a welcome bonus of <b>{ $bonus } point</b>. Show your card at the till to collect more.
       *[other] Here is a welcome bonus of <b>{ $bonus } points</b>. Show your card at the till to collect more.
    }
welcome-back =
    Welcome back, { $name }! You have <b>{ $balance ->
        [one] { $balance } point
       *[other] { $balance } points
    }</b>.
not-registered = You have no card yet. Press /start to get one.

## Card
card-caption =
    Card <code>{ $number }</code>
    Balance: <b>{ $balance ->
        [one] { $balance } point
       *[other] { $balance } points
    }</b>
    Show this QR code at the till.
card-link-staff-only = This is a customer's loyalty card. Only the shop's staff can use it: show it at the till.
card-link-invalid = This card link is not valid.
link-unknown = This link is not valid or has expired.

## Balance and history
balance-text = Your balance: <b>{ $balance ->
        [one] { $balance } point
       *[other] { $balance } points
    }</b>.
balance-pending = On hold for a pending redemption: { $pending ->
        [one] { $pending } point
       *[other] { $pending } points
    }.
history-title = <b>Your latest operations</b>
history-empty = No operations yet.
history-line = { $date } · { $what } · <b>{ $amount }</b>
history-newer = ‹ Newer
history-older = Older ›
history-kind-welcome = Welcome bonus
history-kind-referral = Referral bonus
history-kind-purchase = Purchase
history-kind-redemption = Points spent
history-kind-reversal = Correction
history-kind-refund = Refund
history-kind-expiry = Points expired
history-kind-import = Opening balance
history-kind-adjustment = Adjustment
history-reversal-of = Cancelled: { $what }

## Invitations
invite-text =
    Invite friends with your personal link. When a friend makes a first purchase, you get { $bonus ->
        [one] { $bonus } point
       *[other] { $bonus } points
    } and your friend gets { $friend_bonus ->
        [one] { $friend_bonus } point
       *[other] { $friend_bonus } points
    }.
    { $link }
referral-joined = You joined with { $name }'s invitation. After your first purchase you get { $bonus ->
        [one] { $bonus } point
       *[other] { $bonus } points
    }, and { $name } gets { $referrer_bonus ->
        [one] { $referrer_bonus } point
       *[other] { $referrer_bonus } points
    }.
referral-friend-joined = { $name } joined with your invitation. After their first purchase you get { $bonus ->
        [one] { $bonus } point
       *[other] { $bonus } points
    }, and they get { $friend_bonus ->
        [one] { $friend_bonus } point
       *[other] { $friend_bonus } points
    }.
referral-invalid = This invitation link is not valid, but your card is ready anyway.
referral-own = That is your own invitation link: share it with friends!
referral-already-member = You are already a member, so this invitation cannot be used.

## Language
language-choose = Choose your language:
language-set = Language set to English.

## Help and errors
help-text =
    <b>How it works</b>
    Show your card (💳 Card or /card) at the till: the cashier scans the QR code and you collect points with every purchase.
    Spend points on your next purchases: you confirm every spending here in the chat.
    /balance: your points
    /history: latest operations
    /invite: invite friends and both get a bonus
    /language: change language
unknown-command = I don't know that command. Try /help.
fallback-text = I didn't understand that. Use the menu below or /help.
error-generic = Something went wrong on our side. Please try again in a moment.

## Staff commands (Telegram's command menu for cashiers and owners)
cmd-scan = Open a card by its number
cmd-redeem = Spend points: /redeem N [amount]
cmd-refund = Refund: /refund receipt [amount]
cmd-today = My operations today
cmd-cancel = Close the open card
cmd-addcashier = Invite a cashier: /addcashier [store]
cmd-staff = Cashiers and access

## Staff access
staff-only = This is for the shop's staff only.
owner-only = Only the owner can do this.
store-default-name = Main store
staff-invite-created =
    Invite link for a cashier at <b>{ $store }</b>, valid for 24 hours and for one person:
    { $link }
staff-invite-invalid = This staff invite is not valid.
staff-invite-used = This staff invite was already used.
staff-invite-already-yours = You already joined with this invite.
staff-invite-expired = This staff invite has expired. Ask the owner for a new one.
staff-welcome =
    You are now a cashier at <b>{ $store }</b>.
    Scan a customer's QR code with your phone camera, send a photo of it, or type the card number.
staff-owner-notified = { $name } joined as a cashier at { $store }.
staff-list-title = <b>Cashiers</b>
staff-list-empty = No cashiers yet. Invite one with /addcashier.
staff-list-line = { $name } · { $store }
staff-button-revoke = Revoke { $name }
staff-revoked = { $name } no longer has cashier access.
staff-already-revoked = This cashier was already revoked.
staff-you-were-revoked = Your cashier access was revoked.

## The till
tier-base = Base
till-card-screen =
    💳 <b>{ $name }</b> · { $number }
    Balance: <b>{ $balance ->
        [one] { $balance } point
       *[other] { $balance } points
    }</b> · Tier: { $tier }
    Send the purchase amount (e.g. 1250,50), or /redeem N to spend points.
till-button-purchase = 🛒 Purchase
till-button-redeem = 🎁 Redeem
till-button-cancel = ✖ Cancel
till-ask-amount = Send the purchase amount, e.g. 1250,50.
till-ask-redeem = Send the points to spend, optionally with the purchase amount: e.g. 100 or 100 1250,50.
till-closed = Card closed.
till-screen-expired = This card screen has expired. Scan the card again.
till-no-card-open = No card is open. Scan a customer's QR code, send a photo of it, or type the card number.
till-scan-help = Type the card number after /scan, e.g. /scan 4821 0394 7712.
till-card-number-invalid = That card number is not valid: check the digits.
till-card-unknown = No active card with that number.
till-photo-no-qr = I could not find a QR code in this photo. Try again closer, or type the card number.
till-photo-not-a-card = This QR code is not one of our loyalty cards.
till-purchase-posted =
    ✅ Receipt #{ $receipt }: { $amount } → <b>+{ $points ->
        [one] { $points } point
       *[other] { $points } points
    }</b> for { $name }.
    Balance: { $balance ->
        [one] { $balance } point
       *[other] { $balance } points
    }.
till-duplicate-ask = This card got a purchase from you less than a minute ago. Post { $amount } again?
till-button-post-anyway = Post anyway
till-duplicate-confirmed = Posting again as confirmed.
till-button-undo = ↩ Undo
till-button-refund = Refund
till-undone = ↩ Receipt #{ $receipt } undone: { $points ->
        [one] { $points } point
       *[other] { $points } points
    } taken back.
till-refunded =
    Refund of receipt #{ $receipt } ({ $amount }): { $taken ->
            [one] { $taken } point
           *[other] { $taken } points
        } taken back, { $written_off } written off (already spent), { $returned } returned to the customer.
today-report =
    <b>Today</b>
    Purchases: { $purchases } for { $sales }, { $issued ->
        [one] { $issued } point issued
       *[other] { $issued } points issued
    }
    Redemptions: { $redemptions }, { $redeemed ->
        [one] { $redeemed } point spent
       *[other] { $redeemed } points spent
    }
    Refunds: { $refunds } for { $refunded }

## Amounts
amount-not-a-number = That is not an amount. Send digits, e.g. 1250,50.
amount-not-positive = The amount must be above zero.
amount-too-precise = At most two decimals, e.g. 12,34.
amount-too-large = That amount is too large (the maximum is { $max }).
redeem-usage = Send the points to spend as a whole number, e.g. /redeem 100 or /redeem 100 1250,50.
refund-usage = Send the receipt number and optionally the amount, e.g. /refund 42 or /refund 42 500.

## Till errors
till-error-not-found = No such receipt.
till-error-insufficient = The customer has only { $available ->
        [one] { $available } point
       *[other] { $available } points
    } available.
till-error-over-cap = At most { $max ->
        [one] { $max } point
       *[other] { $max } points
    } can pay for this purchase.
till-error-already-reversed = This receipt was already undone or refunded.
till-error-undo-window = The time to undo has passed. Use a refund instead.
till-error-not-yours = Only the cashier who posted it can undo it.
till-error-refund-too-large = The refund is larger than the purchase.
till-error-closed = This request was already answered or has expired.

## Customer receipts
receipt-customer =
    🧾 Purchase at { $store }: { $amount }
    <b>+{ $points ->
        [one] { $points } point
       *[other] { $points } points
    }</b> · Balance: { $balance ->
        [one] { $balance } point
       *[other] { $balance } points
    } · Receipt #{ $receipt }
receipt-customer-redeemed = Points spent on this purchase: { $points }.
receipt-customer-undone = Receipt #{ $receipt } was cancelled by the cashier: −{ $points ->
        [one] { $points } point
       *[other] { $points } points
    }. Balance: { $balance }.
receipt-customer-refunded = Refund for receipt #{ $receipt }: −{ $taken ->
        [one] { $taken } point
       *[other] { $taken } points
    }, { $returned ->
        [one] { $returned } point
       *[other] { $returned } points
    } returned. Balance: { $balance }.
referral-paid-friend = 🎁 Thanks for your first purchase! You get { $bonus ->
        [one] { $bonus } point
       *[other] { $bonus } points
    }, and your friend gets { $referrer_bonus ->
        [one] { $referrer_bonus } point
       *[other] { $referrer_bonus } points
    }.
referral-paid-referrer = 🎁 { $name } made a first purchase: you get { $bonus ->
        [one] { $bonus } point
       *[other] { $bonus } points
    }!

## Spending points
redeem-ask-customer =
    Spend <b>{ $points ->
        [one] { $points } point
       *[other] { $points } points
    }</b> at { $store }?
    Confirm within { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    }.
redeem-button-confirm = ✅ Confirm
redeem-button-decline = ✖ Decline
redeem-waiting = ⏳ Waiting for { $name } to confirm spending { $points ->
        [one] { $points } point
       *[other] { $points } points
    } (worth { $value })…
redeem-staff-confirmed = ✅ { $name } confirmed: { $points ->
        [one] { $points } point
       *[other] { $points } points
    } spent. Deduct <b>{ $value }</b> from the bill, then send the purchase amount.
redeem-staff-declined = ✖ { $name } declined spending { $points ->
        [one] { $points } point
       *[other] { $points } points
    }.
redeem-staff-expired = ⌛ { $name } did not confirm in time: { $points ->
        [one] { $points } point
       *[other] { $points } points
    } released.
redeem-customer-confirmed = ✅ You spent { $points ->
        [one] { $points } point
       *[other] { $points } points
    } at { $store }. Balance: { $balance }.
redeem-customer-declined = ✖ You declined. Your points stay on your card. Balance: { $balance }.
redeem-customer-expired = ⌛ This request has expired. Your points stay on your card. Balance: { $balance }.
redeem-too-late = This request has expired or was already answered.

## Owners
owner-flag-busy-card = ⚠ Unusual activity: { $name }'s card had { $ops ->
        [one] { $ops } operation
       *[other] { $ops } operations
    } today (last by { $staff }, { $store }).

## Till menu
menu-staff-scan = 📷 Scan
menu-staff-today = 📊 Today
menu-staff-close = ✖ Close card
till-scan-instructions = Point your phone camera at the customer's QR code and open the link, or send a photo of the QR code here, or type the card number.

## Sandbox web chat (plain text: no markup)
sandbox-title = Loyalty bot sandbox
sandbox-tagline = The real bot on an emulated Telegram. Each chat is one person talking to it.
sandbox-add-customer = + Customer
sandbox-new-customer-name = Name
sandbox-new-customer-language = Language
sandbox-new-customer-create = Add
sandbox-cancel = Cancel
sandbox-role-owner = owner
sandbox-role-cashier = cashier
sandbox-role-customer = customer
sandbox-bot = bot
sandbox-start = Start
sandbox-empty = Press Start to talk to the bot.
sandbox-message-placeholder = Message
sandbox-send = Send
sandbox-menu = Menu
sandbox-attach = Send a photo
sandbox-scan = Scan
sandbox-scan-prompt = Click a customer's card in another chat, or upload a photo of it.
sandbox-scan-upload = Upload a photo
sandbox-scan-no-qr = There is no QR code in this picture.
sandbox-scan-not-card = This QR code is not a link to the bot.
sandbox-download = Download
sandbox-edited = edited
sandbox-offline = Connection lost. Reconnecting…
sandbox-error = Something went wrong. Please try again.
sandbox-link-copied = Link copied

## Bot profile (setMyDescription / setMyShortDescription)
bot-description = Your loyalty card in Telegram: collect points with every purchase, spend them at the till, invite friends. Press Start to get your card.
bot-short-description = Loyalty card: collect and spend points

## Privacy
cmd-privacy = What we store about you
cmd-delete-me = Erase my data
privacy-text =
    <b>Your data</b>
    We store only what the loyalty card needs:
    • your Telegram id and chat, to talk to you;
    • your first name, to greet you and show it to the cashier;
    • your language choice;
    • your card number and your points operations (amounts, dates, the shop and cashier), to keep your balance;
    • who invited you, to pay the invitation bonus.
    Card QR codes are signed and reveal nothing without the shop's key.
    /delete_me erases your name, Telegram id and language and retires your card. The shop keeps the anonymous points records its accounts need, and a one-way keyed fingerprint of your Telegram id so that joining again does not pay the welcome bonus twice.
delete-me-ask = Erase your personal data? Your card stops working and your points can no longer be used. This cannot be undone.
delete-me-button-confirm = Yes, erase my data
delete-me-button-cancel = Cancel
delete-me-cancelled = Nothing was erased.
delete-me-done = Your personal data was erased and your card no longer works. Press /start if you ever want a new card.

## Promotions
cmd-promos = Promotions on or off
cmd-promo = Send a promotion: /promo text
promos-on = Promotions are <b>on</b>: you will get our offers. Send /promos again to switch them off.
promos-off = Promotions are <b>off</b>: no more offers from us. Receipts and confirmations still come. Send /promos to switch them back on.
promo-usage = Write the promotion after the command, e.g. <code>/promo Autumn sale: &lt;b&gt;-20%&lt;/b&gt; on all coffee</code>. Formatting from your app (bold, italics, links) is kept. To add a photo, send the photo with <code>/promo text</code> as its caption. <code>/promo list</code> shows scheduled promotions.
promo-too-long = This promotion is longer than Telegram allows in one message (4096 characters).
promo-audience-all = Everyone
promo-draft =
    Above is how the promotion will look.
    Audience: <b>{ $audience }</b>, { $count ->
        [one] { $count } customer
       *[other] { $count } customers
    } with promotions on.
    Choose the audience, add a link button if you like, then press Send or Schedule.
promo-button-send = 📣 Send
promo-button-discard = Discard
promo-discarded = Promotion discarded; nothing was sent.
promo-started = { $count ->
        [one] Sending to { $count } customer
       *[other] Sending to { $count } customers
    }
promo-progress =
    <b>Promotion #{ $id }</b>: { $status ->
        [sending] sending…
        [paused] paused
        [cancelled] cancelled
       *[done] done
    }
    Sent: { $sent }
    Failed: { $failed }
    Blocked the bot: { $blocked }
    Promotions off: { $skipped }
    Remaining: { $remaining }
promo-button-pause = ⏸ Pause
promo-button-resume = ▶️ Resume
promo-button-cancel = ✖️ Cancel

## Points expiry
expiry-warning = ⏳ { $points ->
        [one] { $points } point
       *[other] { $points } points
    } on your card expire on { $date }. Spend them before then!
expiry-done = ⌛ { $points ->
        [one] { $points } point
       *[other] { $points } points
    } expired. Balance: { $balance ->
        [one] { $balance } point
       *[other] { $balance } points
    }.
