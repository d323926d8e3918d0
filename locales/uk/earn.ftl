## Нарахування: рівні, дисконтна картка, штампи, промоправила (власник: earn)
history-kind-stamp = Подарунок за картку штампів
history-kind-promo = Промобонус
earn-error-no-points = У цій програмі лише дисконтна картка: списувати нічого.
earn-card-caption-no-points =
    Картка <code>{ $number }</code>
    Покажіть цей QR-код на касі.
earn-card-tier = Рівень: { $tier }
earn-card-discount = 🏷 Знижка: <b>{ $percent }%</b>
earn-card-discount-customer = 🏷 Ваша знижка: <b>{ $percent }%</b>
earn-card-stamps = Штампи: { $collected }/{ $every }
earn-stamp-full = 🎉 Картку штампів заповнено ({ $every }/{ $every })!
earn-stamp-gift-points = 🎁 Подарунок: +{ $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    }
earn-stamp-gift-text = 🎁 Подарунок: { $gift }
earn-promo-multiplied = ⚡ Акція: бали ×{ $multiplier }
earn-promo-bonus = 🎁 Промобонус: +{ $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    }
earn-purchase-posted-no-points = ✅ Чек №{ $receipt }: { $amount }, покупець { $name }.
earn-receipt-customer-no-points = 🧾 Покупка в { $store }: { $amount } · Чек №{ $receipt }
earn-tier-up = 🎉 Тепер у вас рівень <b>{ $tier }</b>: { $rate }% балами з покупок.
earn-tier-down = Ваш рівень тепер <b>{ $tier }</b>: { $rate }% балами з покупок. Купуйте більше, щоб піднятися знову.
earn-tier-up-no-points = 🎉 Тепер у вас рівень <b>{ $tier }</b>.
earn-tier-down-no-points = Ваш рівень тепер <b>{ $tier }</b>. Купуйте більше, щоб піднятися знову.

## /rules (власники)
cmd-rules = Промоправила: /rules add x2 2026-11-28 2026-11-30
rules-list-header = <b>Промоправила</b> (чинні й майбутні, дати за UTC):
rules-none = Немає чинних або майбутніх промоправил.
rules-usage =
    Додайте правило одним рядком:
    <code>/rules add x2 2026-11-28 2026-11-30</code> — подвійні бали в ці дні
    <code>/rules add +200 2026-12-01 2026-12-07 first 100 tier Gold</code> — 200 балів один раз першим 100 покупцям рівня Gold
    Дати — дні за UTC, включно.
rules-effect-multiplier = бали ×{ $multiplier }
rules-effect-bonus = +{ $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    } один раз кожному
rules-dates = { $from } – { $to }
rules-first = ліміт покупців: { $k } (вже { $taken })
rules-tier = рівень { $tier }
rules-running = діє
rules-upcoming = незабаром
rules-added = ✅ Правило №{ $id } додано: { $rule }
rules-stop-button = ⏹ Зупинити №{ $id }
rules-stopped = ⏹ Правило №{ $id } зупинено: до нових покупок воно не застосовується.
rules-already-stopped = Це правило вже зупинено.
rules-error-usage = Вкажіть ефект, перший і останній день.
rules-error-effect = Ефект: xN (більше 1, не більше 10, наприклад x2 або x1.5) або +N балів (наприклад +200).
rules-error-date = «{ $input }» — не дата: пишіть РРРР-ММ-ДД, наприклад 2026-11-28.
rules-error-end-before-start = Останній день раніше за перший.
rules-error-past = Це правило вже закінчилося б.
rules-error-first = Після «first» вкажіть кількість покупців, наприклад first 100.
rules-error-tier-name = Після «tier» вкажіть назву рівня, наприклад tier Gold.
rules-error-unexpected = Не розумію «{ $word }».
rules-error-unknown-tier = Немає рівня «{ $tier }».
rules-preview-title = <b>Нове промоправило: перевірте перед запуском</b> (нічого не зміниться, доки ви не підтвердите)
rules-preview-multiplier = Що: бали ×{ $multiplier } за кожну покупку (кілька множників не додаються: діє найбільший)
rules-preview-bonus = Що: +{ $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    } один раз кожному покупцеві, за першу покупку в дні правила
rules-preview-dates = Коли: { $from } – { $to } (дні за UTC, включно)
rules-preview-everyone = Кому: усім покупцям
rules-preview-tier = Кому: покупцям рівня { $tier }
rules-preview-no-limit = Обмеження: немає
rules-preview-first = Обмеження: лише перші покупці, що купили в дні правила; ліміт — { $k }
rules-preview-example-multiplier = Приклад: покупка на { $amount } принесе { $with ->
        [one] { $with } бал
        [few] { $with } бали
       *[many] { $with } балів
    } замість { $without }.
rules-preview-example-bonus = Приклад: перша покупка покупця на { $amount } принесе { $with ->
        [one] { $with } бал
        [few] { $with } бали
       *[many] { $with } балів
    } замість { $without } (наступні — { $without }, як зазвичай).
rules-confirm-button = ✅ Підтвердити
rules-cancel-button = ✖ Скасувати
rules-cancelled = ✖ Скасовано: правило не додано.
rules-already-added = Правило №{ $id } уже додано.
rules-draft-gone = Це правило скасовано або застаріло: нічого не додано.
rules-draft-over = Його останній день уже минув: нічого не додано.
rules-error-no-points = Ця програма — лише дисконтна картка: промоправила змінюють бали, тож нічого б не зробили.
