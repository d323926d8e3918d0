## Money integrity: guards against minting, farming or moving points by mistake (issue #12)

## Settings
settings-group-till = <b>Till</b>
settings-name-referral-min-amount = Referral minimum purchase
settings-name-refund-window-days = Cashiers refund within

## Staff on their own card
till-own-card = ⛔ This is your own card. Staff cannot post purchases or spend points on their own card: ask a colleague to serve you.

## The redemption share, checked when the purchase is posted
till-error-redemption-over-cap = ⛔ { $points ->
        [one] { $points } point was
       *[other] { $points } points were
    } spent on this purchase, more than points may pay of it. Post the full purchase amount: at least { $min }.
till-error-redemption-no-share = ⛔ { $points ->
        [one] { $points } point was
       *[other] { $points } points were
    } spent, but points may not pay for purchases in this programme. Ask an owner.

## Refunds
till-error-other-store = ⛔ This receipt is from another store. Cashiers refund receipts of their own store; ask an owner.
till-error-refund-window = ⛔ This receipt is older than { $days ->
        [one] { $days } day
       *[other] { $days } days
    }. Cashiers refund within that time; ask an owner.
till-refund-screen =
    ↩ <b>Refund receipt #{ $receipt }?</b>
    Date: { $date }
    Store: { $store }
    Amount: { $amount }
    Card: { $card }
    Refund: <b>{ $refund }</b>
till-refund-in-full = { $amount } (in full)
till-button-refund-yes = ✅ Confirm refund
till-refund-cancelled = Refund of receipt #{ $receipt } cancelled: nothing was changed.

## Undo and full refunds take back every bonus the purchase caused
till-written-off = { $points ->
        [one] { $points } point was
       *[other] { $points } points were
    } already spent: written off, not taken back.
bonus-taken-back-other = ↩ A purchase by { $name } was cancelled, and the bonus it paid you goes with it: −{ $points ->
        [one] { $points } point
       *[other] { $points } points
    }. Balance: { $balance ->
        [one] { $balance } point
       *[other] { $balance } points
    }.
history-kind-clawback = Bonus taken back
history-clawback-of = Taken back: { $what }

## Private chats only
group-private-only = 🔒 I work only in private chats, so that cards, balances and receipts stay private. Open a chat with me:
group-open-private = 💬 Open a private chat
button-not-yours = This button is not for you.

## Coupon codes
coupon-unusable = This coupon code cannot be used. Please check the code on the flyer.
coupon-too-many-tries = Too many coupon codes tried in the last hour (at most { $max }). Please try again later.

## Import: preview, Confirm, and what is refused
import-own-export = ⛔ This file is one of this bot's own exports. Importing it would pay every balance again, so nothing was imported. To move balances from another system, send rows of <code>card,points</code> (or <code>phone,points</code>).
import-preview =
    📥 <b>Import preview</b>: { $rows ->
        [one] { $rows } row
       *[other] { $rows } rows
    }, { $points ->
        [one] { $points } point
       *[other] { $points } points
    } to add in total.
    To import now: { $cards ->
        [one] { $cards } card
       *[other] { $cards } cards
    }; waiting for the customer's phone: { $pending }; already imported before: { $already }; zero points: { $zero }.
    Cards already used here (refused: an opening balance is only for a card with nothing but its welcome bonus): <b>{ $active }</b>.
    Rejected in all: { $rejected }.
import-preview-confirm = Nothing is imported until you press Confirm.
import-button-confirm = ✅ Confirm import
import-cancelled = Import cancelled: nothing was imported.
import-answered = This import was already confirmed or cancelled (or is more than a day old). Send the file again to start over.
import-reason-has-activity = the card was already used here (purchases, spent points or bonuses besides the welcome bonus)
