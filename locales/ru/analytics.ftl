# Отчёты владельца: /stats, /export, /import. Режим HTML: экранируйте & < > в тексте.

cmd-stats = Статистика и график: /stats 7d|30d|90d|365d|all
cmd-export = Выгрузка CSV: /export customers или /export ledger 30d
cmd-import = Загрузить начальные балансы из CSV

stats-period-7d = последние 7 дней
stats-period-30d = последние 30 дней
stats-period-90d = последние 90 дней
stats-period-365d = последние 365 дней
stats-period-all = всё время
stats-usage = Формат: /stats 7d, 30d, 90d, 365d или all (по умолчанию 30d).
stats-title = 📊 <b>Статистика, { $period }</b>
stats-members = 👥 Участники: <b>{ $total }</b>, новые: { $new }, активные: { $active }
stats-purchases = 🛒 Покупки: <b>{ $count }</b>, выручка: { $revenue }, средний чек: { $average }
stats-visits = 🔁 Визитов на активного участника: { $visits }
stats-points = ⭐ Баллы начислено: { $issued }, списано: { $redeemed }, сгорело: { $expired }
stats-outstanding = 💰 На счетах сейчас: <b>{ $points }</b> { $points ->
    [one] балл
    [few] балла
   *[many] баллов
}, обязательства { $liability }
stats-referrals = 🤝 Приглашённые друзья присоединились: { $joined }, сделали первую покупку: { $converted }
stats-retention = 📈 Удержание: { $percent }% (вернулись { $retained } из { $previous } активных в прошлом периоде)
stats-retention-none = 📈 Удержание: для этого периода не считается
stats-ratings = 👍 Оценки: в среднем { $average }, всего { $count }
stats-ratings-none = 👍 Оценки: за этот период нет
stats-comments = 💬 Последние отзывы:
stats-chart-legend = <i>График: синий — участники; зелёный — начислено баллов; красный — списано.</i>

export-usage = Формат: /export customers или /export ledger 7d|30d|90d|365d|all
export-customers-caption = Клиенты: { $rows } { $rows ->
    [one] строка
    [few] строки
   *[many] строк
}. Годится для импорта: столбцы card и balance.
export-ledger-caption = Проводки: { $rows } { $rows ->
    [one] строка
    [few] строки
   *[many] строк
}.

import-usage = Пришлите CSV-файл с подписью /import. В каждой строке: 12-значный номер карты (или телефон с кодом страны, начиная с +) и баллы, например <code>482103947712,250</code>. Первая строка может называть столбцы card, phone и points (или balance); остальные столбцы не учитываются. Повторный импорт того же файла ничего не меняет.
import-too-large = Файл слишком большой: не больше 5 МБ.
import-too-many-rows = В файле слишком много строк: не больше { $max }. Ничего не загружено; разделите файл на части.
import-not-csv = Это не CSV-файл (текст UTF-8 через запятую). Ничего не загружено.
import-report = 📥 Импорт завершён. Загружено: <b>{ $imported }</b>, уже было загружено: { $already }, ждут телефона клиента: { $pending }, с нулём баллов: { $zero }, отклонено: { $rejected }.
import-rejected-line = Строка { $line }: { $reason }
import-rejected-more = …и ещё отклонено: { $count }.
import-reason-missing = нужны карта или телефон и баллы
import-reason-bad-card = неверный номер карты
import-reason-bad-phone = это не телефон с кодом страны
import-reason-bad-points = баллы — не целое число
import-reason-negative = отрицательные баллы
import-reason-too-many = больше допустимого (максимум { $max ->
        [one] { $max } балл
        [few] { $max } балла
       *[many] { $max } баллов
    })
import-reason-duplicate = та же карта или телефон, что в строке { $first }
import-reason-unknown-card = нет активной карты с таким номером
import-reason-other-amount = уже загружено с другой суммой: { $imported }
