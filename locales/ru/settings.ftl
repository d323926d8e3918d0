## Настройки программы (/settings, только владельцы)
cmd-settings = Настройки программы
settings-title = ⚙️ <b>Настройки программы</b>
settings-group-programme = <b>Программа</b>
settings-group-points = <b>Баллы</b>
settings-group-discount = <b>Дисконтная карта</b>
settings-group-tiers = <b>Уровни</b>
settings-group-stamps = <b>Карта штампов</b>
settings-group-gifts = <b>Подарки</b>
settings-line = { $name }: { $value }
settings-name-programme-type = Тип программы
settings-name-earn-rate = Начисление
settings-name-point-value = Стоимость балла
settings-name-max-redeem-share = Макс. доля оплаты баллами
settings-name-welcome-bonus = Приветственный бонус
settings-name-referral-bonus = Бонус за приглашение (другу)
settings-name-referrer-bonus = Бонус за приглашение (пригласившему)
settings-name-expiry-months = Баллы сгорают через
settings-name-discount-mode = Режим скидки
settings-name-discount-percent = Скидка
settings-name-discount-levels = Уровни скидки
settings-name-tier-period-days = Период уровней
settings-name-tiers = Уровни
settings-name-stamp-every = Карта штампов
settings-name-stamp-min-amount = Мин. покупка для штампа
settings-name-stamp-gift = Подарок за штампы
settings-name-stamp-gift-points = Баллы за штампы
settings-name-birthday-bonus = Подарок на день рождения
settings-name-feedback-bonus = Бонус за отзыв
settings-button-log = 📜 Журнал изменений
settings-button-back = ‹ Настройки
settings-button-save = ✅ Сохранить
settings-button-cancel = ✖ Отмена

## Значения
settings-points = { $count ->
        [one] { $count } балл
        [few] { $count } балла
       *[many] { $count } баллов
    }
settings-months = { $count ->
        [one] { $count } месяц
        [few] { $count } месяца
       *[many] { $count } месяцев
    }
settings-days = { $count ->
        [one] { $count } день
        [few] { $count } дня
       *[many] { $count } дней
    }
settings-every = подарок за каждые { $count ->
        [one] { $count } покупку
        [few] { $count } покупки
       *[many] { $count } покупок
    }
settings-never = никогда
settings-off = выключено
settings-none = нет
settings-no-minimum = без минимума
settings-programme-points = Баллы
settings-programme-discount = Дисконтная карта
settings-programme-both = Баллы и дисконтная карта
settings-discount-fixed = Фиксированный процент
settings-discount-progressive = Накопительная по сумме покупок
settings-tier-item = { $name } от { $spend }: { $rate }%
settings-level-item = от { $spend }: { $percent }%
settings-choice-never = Никогда
settings-choice-off = Выключить
settings-choice-no-text = Без описания подарка
settings-choice-clear = Удалить все

## Диалог
settings-prompt-head = <b>{ $name }</b> сейчас: { $value }
settings-prompt-percent = Отправьте новый процент, от 0 до 100 (например, 7 или 7,5).
settings-prompt-points = Отправьте целое число баллов (0 — выключить).
settings-prompt-money = Отправьте сумму, например 1 или 0,50.
settings-prompt-threshold = Отправьте сумму или 0, если минимума нет.
settings-prompt-months = Отправьте число месяцев, от 1 до 120, или нажмите «Никогда».
settings-prompt-days = Отправьте число дней, от 1 до 3650.
settings-prompt-stamp-every = Отправьте N от 2 до 20: каждая N-я покупка приносит подарок. Или нажмите «Выключить».
settings-prompt-text = Отправьте, что за подарок (до 100 символов), или нажмите «Без описания подарка».
settings-prompt-choice = Выберите:
settings-prompt-tiers =
    Отправьте уровни, по одному в строке: название, сумма покупок за период уровней, начисление в %. Например:
    <code>Silver 10000 7</code>
    <code>Gold 50000 10</code>
    Список заменит текущий; покупатели ниже всех уровней остаются на базовом начислении.
settings-prompt-levels =
    Отправьте уровни скидки, по одному в строке: общая сумма покупок и скидка в %. Например:
    <code>1000 3</code>
    <code>5000 5</code>
    Список заменит текущий.
settings-error-not-a-number = Это не число. Отправьте цифры, например 7 или 7,5.
settings-error-negative = Значение не может быть отрицательным.
settings-error-too-precise = Не больше двух знаков после запятой, например 7,25.
settings-error-not-whole = Отправьте целое число, без дробной части.
settings-error-range = Отправьте значение от { $min } до { $max }.
settings-error-too-long = Максимум { $max ->
        [one] { $max } символ
        [few] { $max } символа
       *[many] { $max } символов
    }.
settings-error-tier-shape = в каждой строке нужны название, сумма и процент, например <code>Silver 10000 7</code>.
settings-error-level-shape = в каждой строке нужны сумма и процент, например <code>1000 3</code>.
settings-error-line = Строка { $line }: { $reason }
settings-error-duplicate = Строка { $line } повторяет название или сумму одной из предыдущих строк.
settings-error-too-many = Максимум { $max ->
        [one] { $max } строка
        [few] { $max } строки
       *[many] { $max } строк
    }.
settings-error-not-a-choice = Выберите одну из кнопок.
settings-error-unchanged = Это и есть текущее значение. Отправьте другое или нажмите «Отмена».
settings-try-again = Ничего не изменено. Отправьте другое значение или нажмите «Отмена».
settings-preview = <b>{ $name }</b>: { $old } → <b>{ $new }</b>
settings-preview-hint = Сохраните, чтобы применить к покупкам с этого момента; прошлые покупки остаются на прежних условиях.
settings-example-earn-rate = Например, покупка на { $amount } принесёт { $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    }.
settings-example-point-value = Например, { $points ->
        [one] { $points } балл оплачивает
        [few] { $points } балла оплачивают
       *[many] { $points } баллов оплачивают
    } { $amount } из суммы покупки.
settings-example-max-share = Например, покупку на { $amount } можно оплатить максимум { $points ->
        [one] { $points } баллом
       *[other] { $points } баллами
    } ({ $value }).
settings-saved = ✅ Сохранено. { $name }: { $old } → { $new }
settings-saved-toast = Сохранено
settings-cancelled = Отменено: ничего не изменено.
settings-stale = Этот диалог уже закончен. Откройте /settings снова.
settings-expired = ⌛ Диалог настроек простоял 30 минут и отменён: ничего не изменено.
settings-log-title = 📜 <b>Последние изменения</b>
settings-log-line = { $when } · { $who } · { $name }: { $old } → { $new }
settings-log-empty = Изменений пока нет.
