# The Mini App (the card and the till inside Telegram). Buttons in the chat:
miniapp-open-card = Open card
miniapp-menu-card = Card
miniapp-menu-till = Till

# Sentences the API sends the pages (numbers inside, so plurals are Fluent's).
miniapp-points = { $points ->
        [one] { $points } point
       *[other] { $points } points
    }
miniapp-no-points = Discount card
miniapp-tier = Tier: { $tier }
miniapp-next-tier = { $amount } more to { $tier }
miniapp-discount = Your discount: { $percent }%
miniapp-discount-apply = Apply a discount of { $percent }%
miniapp-stamps = Stamps: { $collected } of { $every }
miniapp-pending = { $points ->
        [one] { $points } point on hold for a redemption
       *[other] { $points } points on hold for a redemption
    }
miniapp-receipt = Receipt #{ $receipt }: { $amount }, { $name }
miniapp-receipt-points = +{ $points ->
        [one] { $points } point
       *[other] { $points } points
    }, balance { $balance }
miniapp-duplicate-ask = This card got a purchase from you less than a minute ago. Post { $amount } again?

miniapp-redeem-asked = Asked { $name } to confirm spending { $points ->
        [one] { $points } point
       *[other] { $points } points
    } in their chat. Post the purchase after they confirm.

# The pages' own texts.
miniapp-ui-title-card = My card
miniapp-ui-title-till = Till
miniapp-ui-loading = Loading…
miniapp-ui-error = Something went wrong. Please try again.
miniapp-ui-retry = Try again
miniapp-ui-no-card = You have no card yet: press Start in the chat with the bot.
miniapp-ui-outside-telegram = Open this page from the bot in Telegram.
miniapp-ui-history = Latest operations
miniapp-ui-history-empty = No operations yet.
miniapp-ui-coupons = Coupons to use
miniapp-ui-card-number = Card number
miniapp-ui-scan = Scan the card
miniapp-ui-scan-prompt = Point the camera at the customer's card
miniapp-ui-or-number = or type the card number
miniapp-ui-number-placeholder = 12 digits
miniapp-ui-open = Open
miniapp-ui-photo = Photo of the QR code
miniapp-ui-amount = Purchase amount
miniapp-ui-post = Post
miniapp-ui-undo = Undo
miniapp-ui-next-customer = Next customer
miniapp-ui-close-card = Close
miniapp-ui-post-anyway = Post anyway
miniapp-ui-redeem-hint = Spending points is confirmed by the customer in their chat; then post the purchase.
miniapp-ui-redeem = Spend points
miniapp-ui-points = Points to spend

# The card picture's settings (/settings).
settings-group-card = <b>Card picture</b>
settings-name-shop-name = Shop name
settings-name-shop-colour = Card colour
settings-prompt-shop-name = Send the shop's name as the card shows it (up to 40 characters).
settings-prompt-colour = Send the card's colour as #rrggbb, e.g. #2b6cb0 (dark enough for white text on it).
settings-error-not-a-colour = That is not a colour: send #rrggbb, e.g. #2b6cb0.
settings-error-too-light = That colour is too light for the white text on the card: pick a darker one.

# The /stats chart (drawn with plotters).
chart-members-title = Members over time
chart-points-title = Points issued and redeemed
chart-axis-date = Date
chart-axis-members = Members
chart-axis-points = Points
chart-legend-members = Members
chart-legend-issued = Issued
chart-legend-redeemed = Redeemed
