# Доповнення: подарунок на день народження, купони, оцінки візитів. HTML: екрануйте & < >.

## Команди
cmd-birthday = Подарунок на день народження
cmd-coupon = Купони: /coupon add CODE bonus 100 limit 500 until 2026-12-31
cmd-feedback = Оцінки та відгуки про візити

## Історія
history-kind-birthday = Подарунок на день народження
history-kind-coupon = Купон
history-kind-feedback = Дякуємо за оцінку

## День народження
birthday-ask = 🎂 Коли у вас день народження? Надішліть дату у вигляді ДД.ММ.РРРР (наприклад, 15.06.1990) або просто ДД.ММ. Цього дня на вас чекає подарунок.
birthday-error-format = Надішліть дату у вигляді ДД.ММ.РРРР (наприклад, 15.06.1990) або ДД.ММ.
birthday-error-no-such-day = Такого дня немає. Перевірте дату й надішліть її ще раз.
birthday-error-future = Ця дата ще не настала. Надішліть дату вашого народження.
birthday-error-year = Перевірте рік: напишіть його чотирма цифрами, наприклад 15.06.1990.
birthday-confirm =
    Ваш день народження: <b>{ $date }</b>.
    ⚠️ Змінити його самі ви потім не зможете (лише працівники магазину). Зберегти?
birthday-button-save = ✅ Зберегти
birthday-button-retry = ✏️ Ввести знову
birthday-saved = 🎂 Збережено: <b>{ $date }</b>. До зустрічі у ваш день народження!
birthday-already = 🎂 Ваш день народження: <b>{ $date }</b>. Щоб змінити його, зверніться до працівників на касі.
birthday-gift =
    🎉 З днем народження, { $name }! Наш подарунок: <b>+{ $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    }</b>. Баланс: { $balance ->
        [one] { $balance } бал
        [few] { $balance } бали
       *[many] { $balance } балів
    }.
birthday-not-given = не вказано
privacy-extras =
    • ваш день народження, якщо ви його вказали, — для подарунка (ваш: { $birthday });
    • ваші оцінки візитів і відгуки, їх читає власник.

## Купони (власник)
coupon-value-bonus = { $points ->
        [one] { $points } бонусний бал
        [few] { $points } бонусні бали
       *[many] { $points } бонусних балів
    }
coupon-value-discount = −{ $percent }% на наступну покупку
coupon-usage =
    <b>Купони</b>
    <code>/coupon add SUMMER bonus 100 limit 500 until 2026-12-31</code> — бонусні бали одразу
    <code>/coupon add SAVE10 discount 10% limit 100 until 2026-12-31</code> — знижка на наступну покупку
    Додайте <code>from 2026-12-01</code>, щоб почати пізніше. Код — від 6 до 16 латинських літер і цифр; кожен покупець може використати купон один раз.
    <code>/coupon</code> — список купонів.
coupon-error-code = Код — від 6 до 16 латинських літер і цифр, наприклад SUMMER25.
coupon-error-value = Бонус — ціле число балів від 1 до 1 000 000; знижка — від 0,01% до 100%.
coupon-error-limit = Ліміт — ціле число використань від 1 до 1 000 000.
coupon-error-date = Пишіть дати як РРРР-ММ-ДД, наприклад 2026-12-31.
coupon-error-period = Дата закінчення не може бути в минулому або раніше за дату початку.
coupon-error-exists = Купон із кодом { $code } уже є.
coupon-created =
    🎟 Купон <b>{ $code }</b>: { $value }
    До { $limit ->
        [one] { $limit } використання
        [few] { $limit } використань
       *[many] { $limit } використань
    }, одне на покупця, з { $from } по { $until }.
    Посилання для листівок (його відкриває QR-код вище): { $link }
coupon-list-empty = Купонів поки немає. { coupon-usage }
coupon-list-title = <b>Купони</b> (використано / ліміт)
coupon-list-line = <b>{ $code }</b> · { $value } · { $uses }/{ $limit } · до { $until } · { $status }
coupon-status-active = діє
coupon-status-stopped = зупинено
coupon-status-expired = минув
coupon-status-used-up = вичерпано
coupon-status-not-yet = ще не почався
coupon-button-stop = ⏹ Зупинити { $code }
coupon-stopped = Зупинено.

## Купони (покупець)
coupon-claimed-bonus =
    🎟 Купон <b>{ $code }</b>: <b>+{ $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    }</b>. Баланс: { $balance ->
        [one] { $balance } бал
        [few] { $balance } бали
       *[many] { $balance } балів
    }.
coupon-claimed-discount = 🎟 Купон <b>{ $code }</b> ваш: <b>−{ $percent }%</b> на наступну покупку. Покажіть картку на касі.
coupon-applied-customer = 🎟 Купон <b>{ $code }</b> використано: −{ $percent }% на цю покупку.

## Купони (каса)
coupon-button-apply = 🎟 Застосувати −{ $percent }% ({ $code })
coupon-apply-done = ✅ Купон <b>{ $code }</b> застосовано: дайте покупцеві знижку <b>−{ $percent }%</b> на цю покупку.
coupon-apply-gone = Цей купон уже застосовано або він більше не діє.

## Оцінки
feedback-thanks = Дякуємо за оцінку: { $stars }
feedback-bonus = <b>+{ $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    }</b> за відгук. Баланс: { $balance ->
        [one] { $balance } бал
        [few] { $balance } бали
       *[many] { $balance } балів
    }.
feedback-ask-comment = Хочете щось додати? Напишіть відгук наступним повідомленням (протягом 15 хвилин) — або просто продовжуйте.
feedback-already = Ви вже оцінили цей візит.
feedback-undone = Цю покупку було скасовано.
feedback-not-yours = Це не ваш чек.
feedback-comment-saved = Дякуємо, ми прочитаємо ваш відгук.
feedback-comment-already = Ваш відгук про цей візит уже збережено.
feedback-summary-empty = Оцінок поки немає. Покупці можуть оцінити візит під своїм чеком.
feedback-summary =
    <b>Оцінки візитів</b>
    Середня <b>{ $average }</b>, усього { $count ->
        [one] { $count } оцінка
        [few] { $count } оцінки
       *[many] { $count } оцінок
    }
    5⭐ { $five } · 4⭐ { $four } · 3⭐ { $three } · 2⭐ { $two } · 1⭐ { $one }
feedback-comments-title = <b>Останні відгуки</b>
feedback-comment-line = { $rating }⭐ · { $date } · { $name }: { $comment }
