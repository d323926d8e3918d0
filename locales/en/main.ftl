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
history-kind-expiry = Points expired
history-kind-import = Opening balance
history-kind-adjustment = Adjustment
history-reversal-of = Cancelled: { $what }

## Invitations
invite-text =
    Invite friends with your personal link. When a friend makes a first purchase, you both get { $bonus ->
        [one] { $bonus } point
       *[other] { $bonus } points
    }.
    { $link }
referral-joined = You joined with { $name }'s invitation. After your first purchase you both get { $bonus ->
        [one] { $bonus } point
       *[other] { $bonus } points
    }.
referral-friend-joined = { $name } joined with your invitation. You both get { $bonus ->
        [one] { $bonus } point
       *[other] { $bonus } points
    } after their first purchase.
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
