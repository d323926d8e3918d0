## Налаштування програми (/settings, лише власники)
cmd-settings = Налаштування програми
settings-title = ⚙️ <b>Налаштування програми</b>
settings-group-programme = <b>Програма</b>
settings-group-points = <b>Бали</b>
settings-group-discount = <b>Дисконтна картка</b>
settings-group-tiers = <b>Рівні</b>
settings-group-stamps = <b>Картка штампів</b>
settings-group-gifts = <b>Подарунки</b>
settings-line = { $name }: { $value }
settings-name-programme-type = Тип програми
settings-name-earn-rate = Нарахування
settings-name-point-value = Вартість бала
settings-name-max-redeem-share = Макс. частка оплати балами
settings-name-welcome-bonus = Вітальний бонус
settings-name-referral-bonus = Бонус за запрошення (другові)
settings-name-referrer-bonus = Бонус за запрошення (тому, хто запросив)
settings-name-expiry-months = Бали згоряють через
settings-name-discount-mode = Режим знижки
settings-name-discount-percent = Знижка
settings-name-discount-levels = Рівні знижки
settings-name-tier-period-days = Період рівнів
settings-name-tiers = Рівні
settings-name-stamp-every = Картка штампів
settings-name-stamp-min-amount = Мін. покупка для штампа
settings-name-stamp-gift = Подарунок за штампи
settings-name-stamp-gift-points = Бали за штампи
settings-name-birthday-bonus = Подарунок на день народження
settings-name-feedback-bonus = Бонус за відгук
settings-button-log = 📜 Журнал змін
settings-button-back = ‹ Налаштування
settings-button-save = ✅ Зберегти
settings-button-cancel = ✖ Скасувати

## Значення
settings-points = { $count ->
        [one] { $count } бал
        [few] { $count } бали
       *[many] { $count } балів
    }
settings-months = { $count ->
        [one] { $count } місяць
        [few] { $count } місяці
       *[many] { $count } місяців
    }
settings-days = { $count ->
        [one] { $count } день
        [few] { $count } дні
       *[many] { $count } днів
    }
settings-every = подарунок за кожні { $count ->
        [one] { $count } покупку
        [few] { $count } покупки
       *[many] { $count } покупок
    }
settings-never = ніколи
settings-off = вимкнено
settings-none = немає
settings-no-minimum = без мінімуму
settings-programme-points = Бали
settings-programme-discount = Дисконтна картка
settings-programme-both = Бали і дисконтна картка
settings-discount-fixed = Фіксований відсоток
settings-discount-progressive = Накопичувальна за сумою покупок
settings-tier-item = { $name } від { $spend }: { $rate }%
settings-level-item = від { $spend }: { $percent }%
settings-choice-never = Ніколи
settings-choice-off = Вимкнути
settings-choice-no-text = Без опису подарунка
settings-choice-clear = Видалити всі

## Діалог
settings-prompt-head = <b>{ $name }</b> зараз: { $value }
settings-prompt-percent = Надішліть новий відсоток, від 0 до 100 (наприклад, 7 або 7,5).
settings-prompt-points = Надішліть ціле число балів (0 — вимкнути).
settings-prompt-money = Надішліть суму, наприклад 1 або 0,50.
settings-prompt-threshold = Надішліть суму або 0, якщо мінімуму немає.
settings-prompt-months = Надішліть кількість місяців, від 1 до 120, або натисніть «Ніколи».
settings-prompt-days = Надішліть кількість днів, від 1 до 3650.
settings-prompt-stamp-every = Надішліть N від 2 до 20: кожна N-та покупка приносить подарунок. Або натисніть «Вимкнути».
settings-prompt-text = Надішліть, що за подарунок (до 100 символів), або натисніть «Без опису подарунка».
settings-prompt-choice = Оберіть:
settings-prompt-tiers =
    Надішліть рівні, по одному в рядку: назва, сума покупок за період рівнів, нарахування у %. Наприклад:
    <code>Silver 10000 7</code>
    <code>Gold 50000 10</code>
    Список замінить поточний; покупці нижче всіх рівнів лишаються на базовому нарахуванні.
settings-prompt-levels =
    Надішліть рівні знижки, по одному в рядку: загальна сума покупок і знижка у %. Наприклад:
    <code>1000 3</code>
    <code>5000 5</code>
    Список замінить поточний.
settings-error-not-a-number = Це не число. Надішліть цифри, наприклад 7 або 7,5.
settings-error-negative = Значення не може бути від'ємним.
settings-error-too-precise = Не більше двох знаків після коми, наприклад 7,25.
settings-error-not-whole = Надішліть ціле число, без дробової частини.
settings-error-range = Надішліть значення від { $min } до { $max }.
settings-error-too-long = Максимум { $max ->
        [one] { $max } символ
        [few] { $max } символи
       *[many] { $max } символів
    }.
settings-error-tier-shape = у кожному рядку потрібні назва, сума і відсоток, наприклад <code>Silver 10000 7</code>.
settings-error-level-shape = у кожному рядку потрібні сума і відсоток, наприклад <code>1000 3</code>.
settings-error-line = Рядок { $line }: { $reason }
settings-error-duplicate = Рядок { $line } повторює назву або суму одного з попередніх рядків.
settings-error-too-many = Максимум { $max ->
        [one] { $max } рядок
        [few] { $max } рядки
       *[many] { $max } рядків
    }.
settings-error-not-a-choice = Оберіть одну з кнопок.
settings-error-unchanged = Це і є поточне значення. Надішліть інше або натисніть «Скасувати».
settings-try-again = Нічого не змінено. Надішліть інше значення або натисніть «Скасувати».
settings-preview = <b>{ $name }</b>: { $old } → <b>{ $new }</b>
settings-preview-hint = Збережіть, щоб застосувати до покупок відтепер; попередні покупки лишаються на попередніх умовах.
settings-example-earn-rate = Наприклад, покупка на { $amount } принесе { $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    }.
settings-example-point-value = Наприклад, { $points ->
        [one] { $points } бал оплачує
        [few] { $points } бали оплачують
       *[many] { $points } балів оплачують
    } { $amount } із суми покупки.
settings-example-max-share = Наприклад, покупку на { $amount } можна оплатити щонайбільше { $points ->
        [one] { $points } балом
       *[other] { $points } балами
    } ({ $value }).
settings-saved = ✅ Збережено. { $name }: { $old } → { $new }
settings-saved-toast = Збережено
settings-cancelled = Скасовано: нічого не змінено.
settings-stale = Цей діалог уже завершено. Відкрийте /settings знову.
settings-expired = ⌛ Діалог налаштувань простояв 30 хвилин і скасований: нічого не змінено.
settings-log-title = 📜 <b>Останні зміни</b>
settings-log-line = { $when } · { $who } · { $name }: { $old } → { $new }
settings-log-empty = Змін поки немає.
