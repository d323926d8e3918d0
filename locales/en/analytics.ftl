# Owners' reports: /stats, /export, /import. HTML parse mode: escape & < > in text.

cmd-stats = Statistics and chart: /stats 7d|30d|90d|365d|all
cmd-export = CSV export: /export customers or /export ledger 30d
cmd-import = Import opening balances from a CSV

stats-period-7d = last 7 days
stats-period-30d = last 30 days
stats-period-90d = last 90 days
stats-period-365d = last 365 days
stats-period-all = all time
stats-usage = Usage: /stats 7d, 30d, 90d, 365d or all (30d when left out).
stats-title = 📊 <b>Statistics, { $period }</b>
stats-members = 👥 Members: <b>{ $total }</b>, new: { $new }, active: { $active }
stats-purchases = 🛒 Purchases: <b>{ $count }</b>, revenue: { $revenue }, average check: { $average }
stats-visits = 🔁 Visits per active member: { $visits }
stats-points = ⭐ Points issued: { $issued }, redeemed: { $redeemed }, expired: { $expired }
stats-outstanding = 💰 Outstanding now: <b>{ $points }</b> { $points ->
    [one] point
   *[other] points
}, liability { $liability }
stats-referrals = 🤝 Invited friends who joined: { $joined }, made a first purchase: { $converted }
stats-retention = 📈 Retention: { $percent }% ({ $retained } of { $previous } active in the period before came back)
stats-retention-none = 📈 Retention: not available for this period
stats-ratings = 👍 Ratings: { $average } average from { $count ->
    [one] { $count } rating
   *[other] { $count } ratings
}
stats-ratings-none = 👍 Ratings: none in this period
stats-comments = 💬 Latest comments:
stats-chart-legend = <i>Chart: blue, members; green, points issued; red, points redeemed.</i>

export-usage = Usage: /export customers, or /export ledger 7d|30d|90d|365d|all
export-customers-caption = Customers: { $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
}. Import-ready: the card and balance columns.
export-ledger-caption = Ledger lines: { $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
}.

import-usage = Send a CSV file with the caption /import. Each row: a 12-digit card number (or a phone number with the country code, starting with +) and the points, e.g. <code>482103947712,250</code>. A header row may name the columns card, phone and points (or balance); other columns are ignored. Importing the same file again changes nothing.
import-too-large = The file is too large: at most 5 MB.
import-too-many-rows = The file has too many rows: at most { $max }. Nothing was imported; split it into parts.
import-not-csv = This is not a CSV text file (UTF-8 with commas). Nothing was imported.
import-report = 📥 Import done. Imported: <b>{ $imported }</b>, already imported before: { $already }, waiting for the customer's phone: { $pending }, zero points: { $zero }, rejected: { $rejected }.
import-rejected-line = Line { $line }: { $reason }
import-rejected-more = …and { $count } more rejected.
import-reason-missing = a card or phone and the points are needed
import-reason-bad-card = not a valid card number
import-reason-bad-phone = not a phone number with the country code
import-reason-bad-points = the points are not a whole number
import-reason-negative = the points are negative
import-reason-too-many = more than { $max ->
        [one] { $max } point
       *[other] { $max } points
    }
import-reason-duplicate = the same card or phone as line { $first }
import-reason-unknown-card = no active card with this number
import-reason-other-amount = already imported with { $imported ->
        [one] { $imported } point
       *[other] { $imported } points
    }
