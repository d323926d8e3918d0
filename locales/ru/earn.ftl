## Начисление: уровни, дисконтная карта, штампы, промо-правила (владелец: earn)
history-kind-stamp = Подарок за карту штампов
history-kind-promo = Промо-бонус
earn-error-no-points = В этой программе только дисконтная карта: списывать нечего.
earn-card-caption-no-points =
    Карта <code>{ $number }</code>
    Покажите этот QR-код на кассе.
earn-card-tier = Уровень: { $tier }
earn-card-discount = 🏷 Скидка: <b>{ $percent }%</b>
earn-card-discount-customer = 🏷 Ваша скидка: <b>{ $percent }%</b>
earn-card-stamps = Штампы: { $collected }/{ $every }
earn-stamp-full = 🎉 Карта штампов заполнена ({ $every }/{ $every })!
earn-stamp-gift-points = 🎁 Подарок: +{ $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    }
earn-stamp-gift-text = 🎁 Подарок: { $gift }
earn-promo-multiplied = ⚡ Акция: баллы ×{ $multiplier }
earn-promo-bonus = 🎁 Промо-бонус: +{ $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    }
earn-purchase-posted-no-points = ✅ Чек №{ $receipt }: { $amount }, покупатель { $name }.
earn-receipt-customer-no-points = 🧾 Покупка в { $store }: { $amount } · Чек №{ $receipt }
earn-tier-up = 🎉 Теперь у вас уровень <b>{ $tier }</b>: { $rate }% баллами с покупок.
earn-tier-down = Ваш уровень теперь <b>{ $tier }</b>: { $rate }% баллами с покупок. Покупайте больше, чтобы подняться снова.
earn-tier-up-no-points = 🎉 Теперь у вас уровень <b>{ $tier }</b>.
earn-tier-down-no-points = Ваш уровень теперь <b>{ $tier }</b>. Покупайте больше, чтобы подняться снова.

## /rules (владельцы)
cmd-rules = Промо-правила: /rules add x2 2026-11-28 2026-11-30
rules-list-header = <b>Промо-правила</b> (действующие и будущие, даты по UTC):
rules-none = Нет действующих или будущих промо-правил.
rules-usage =
    Добавьте правило одной строкой:
    <code>/rules add x2 2026-11-28 2026-11-30</code> — двойные баллы в эти дни
    <code>/rules add +200 2026-12-01 2026-12-07 first 100 tier Gold</code> — 200 баллов один раз первым 100 покупателям уровня Gold
    Даты — дни по UTC, включительно.
rules-effect-multiplier = баллы ×{ $multiplier }
rules-effect-bonus = +{ $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    } один раз каждому
rules-dates = { $from } – { $to }
rules-first = лимит покупателей: { $k } (уже { $taken })
rules-tier = уровень { $tier }
rules-running = действует
rules-upcoming = скоро
rules-added = ✅ Правило №{ $id } добавлено: { $rule }
rules-stop-button = ⏹ Остановить №{ $id }
rules-stopped = ⏹ Правило №{ $id } остановлено: к новым покупкам оно не применяется.
rules-already-stopped = Это правило уже остановлено.
rules-error-usage = Укажите эффект, первый и последний день.
rules-error-effect = Эффект: xN (больше 1, не больше 10, например x2 или x1.5) или +N баллов (например +200).
rules-error-date = «{ $input }» — не дата: пишите ГГГГ-ММ-ДД, например 2026-11-28.
rules-error-end-before-start = Последний день раньше первого.
rules-error-past = Это правило уже закончилось бы.
rules-error-first = После «first» укажите число покупателей, например first 100.
rules-error-tier-name = После «tier» укажите название уровня, например tier Gold.
rules-error-unexpected = Не понимаю «{ $word }».
rules-error-unknown-tier = Нет уровня «{ $tier }».
rules-preview-title = <b>Новое промо-правило: проверьте перед запуском</b> (ничего не изменится, пока вы не подтвердите)
rules-preview-multiplier = Что: баллы ×{ $multiplier } за каждую покупку (несколько множителей не складываются: действует наибольший)
rules-preview-bonus = Что: +{ $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    } один раз каждому покупателю, за первую покупку в дни правила
rules-preview-dates = Когда: { $from } – { $to } (дни по UTC, включительно)
rules-preview-everyone = Кому: всем покупателям
rules-preview-tier = Кому: покупателям уровня { $tier }
rules-preview-no-limit = Ограничение: нет
rules-preview-first = Ограничение: только первые покупатели, купившие в дни правила; лимит — { $k }
rules-preview-example-multiplier = Пример: покупка на { $amount } принесёт { $with ->
        [one] { $with } балл
        [few] { $with } балла
       *[many] { $with } баллов
    } вместо { $without }.
rules-preview-example-bonus = Пример: первая покупка покупателя на { $amount } принесёт { $with ->
        [one] { $with } балл
        [few] { $with } балла
       *[many] { $with } баллов
    } вместо { $without } (следующие — { $without }, как обычно).
rules-confirm-button = ✅ Подтвердить
rules-cancel-button = ✖ Отменить
rules-cancelled = ✖ Отменено: правило не добавлено.
rules-already-added = Правило №{ $id } уже добавлено.
rules-draft-gone = Это правило отменено или устарело: ничего не добавлено.
rules-draft-over = Его последний день уже прошёл: ничего не добавлено.
rules-error-no-points = Эта программа — только дисконтная карта: промо-правила меняют баллы, поэтому ничего бы не сделали.
