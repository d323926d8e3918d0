# Звіти власника: /stats, /export, /import. Режим HTML: екрануйте & < > у тексті.

cmd-stats = Статистика і графік: /stats 7d|30d|90d|365d|all
cmd-export = Вивантаження CSV: /export customers або /export ledger 30d
cmd-import = Завантажити початкові баланси з CSV

stats-period-7d = останні 7 днів
stats-period-30d = останні 30 днів
stats-period-90d = останні 90 днів
stats-period-365d = останні 365 днів
stats-period-all = увесь час
stats-usage = Формат: /stats 7d, 30d, 90d, 365d або all (типово 30d).
stats-title = 📊 <b>Статистика, { $period }</b>
stats-members = 👥 Учасники: <b>{ $total }</b>, нові: { $new }, активні: { $active }
stats-purchases = 🛒 Покупки: <b>{ $count }</b>, виторг: { $revenue }, середній чек: { $average }
stats-visits = 🔁 Візитів на активного учасника: { $visits }
stats-points = ⭐ Бали нараховано: { $issued }, списано: { $redeemed }, згоріло: { $expired }
stats-outstanding = 💰 На рахунках зараз: <b>{ $points }</b> { $points ->
    [one] бал
    [few] бали
   *[many] балів
}, зобов'язання { $liability }
stats-referrals = 🤝 Запрошені друзі приєдналися: { $joined }, зробили першу покупку: { $converted }
stats-retention = 📈 Утримання: { $percent }% (повернулися { $retained } з { $previous } активних у попередньому періоді)
stats-retention-none = 📈 Утримання: для цього періоду не рахується
stats-ratings = 👍 Оцінки: у середньому { $average }, усього { $count }
stats-ratings-none = 👍 Оцінки: за цей період немає
stats-comments = 💬 Останні відгуки:
stats-chart-legend = <i>Графік: синій — учасники; зелений — нараховано балів; червоний — списано.</i>

export-usage = Формат: /export customers або /export ledger 7d|30d|90d|365d|all
export-customers-caption = Клієнти: { $rows } { $rows ->
    [one] рядок
    [few] рядки
   *[many] рядків
}. Придатно для імпорту: стовпці card і balance.
export-ledger-caption = Проведення: { $rows } { $rows ->
    [one] рядок
    [few] рядки
   *[many] рядків
}.

import-usage = Надішліть CSV-файл з підписом /import. У кожному рядку: 12-значний номер картки (або телефон з кодом країни, починаючи з +) і бали, наприклад <code>482103947712,250</code>. Перший рядок може називати стовпці card, phone і points (або balance); інші стовпці не враховуються. Повторний імпорт того самого файлу нічого не змінює.
import-too-large = Файл завеликий: не більше 5 МБ.
import-too-many-rows = У файлі забагато рядків: не більше { $max }. Нічого не завантажено; розділіть файл на частини.
import-not-csv = Це не CSV-файл (текст UTF-8 через кому). Нічого не завантажено.
import-report = 📥 Імпорт завершено. Завантажено: <b>{ $imported }</b>, вже було завантажено: { $already }, чекають телефону клієнта: { $pending }, з нулем балів: { $zero }, відхилено: { $rejected }.
import-rejected-line = Рядок { $line }: { $reason }
import-rejected-more = …і ще відхилено: { $count }.
import-reason-missing = потрібні картка або телефон і бали
import-reason-bad-card = неправильний номер картки
import-reason-bad-phone = це не телефон з кодом країни
import-reason-bad-points = бали — не ціле число
import-reason-negative = від'ємні бали
import-reason-too-many = більше допустимого (максимум { $max ->
        [one] { $max } бал
        [few] { $max } бали
       *[many] { $max } балів
    })
import-reason-duplicate = та сама картка чи телефон, що в рядку { $first }
import-reason-unknown-card = немає активної картки з таким номером
import-reason-other-amount = вже завантажено з іншою сумою: { $imported }
