# Дополнения: подарок на день рождения, купоны, оценки визитов. HTML: экранируйте & < >.

## Команды
cmd-birthday = Подарок на день рождения
cmd-coupon = Купоны: /coupon add CODE bonus 100 limit 500 until 2026-12-31
cmd-feedback = Оценки и отзывы о визитах

## История
history-kind-birthday = Подарок на день рождения
history-kind-coupon = Купон
history-kind-feedback = Спасибо за оценку

## День рождения
birthday-ask = 🎂 Когда у вас день рождения? Пришлите дату в виде ДД.ММ.ГГГГ (например, 15.06.1990) или просто ДД.ММ. В этот день вас ждёт подарок.
birthday-error-format = Пришлите дату в виде ДД.ММ.ГГГГ (например, 15.06.1990) или ДД.ММ.
birthday-error-no-such-day = Такого дня нет. Проверьте дату и пришлите её ещё раз.
birthday-error-future = Эта дата ещё не наступила. Пришлите дату вашего рождения.
birthday-error-year = Проверьте год: напишите его четырьмя цифрами, например 15.06.1990.
birthday-confirm =
    Ваш день рождения: <b>{ $date }</b>.
    ⚠️ Изменить его сами вы потом не сможете (только сотрудники магазина). Сохранить?
birthday-button-save = ✅ Сохранить
birthday-button-retry = ✏️ Ввести заново
birthday-saved = 🎂 Сохранено: <b>{ $date }</b>. До встречи в ваш день рождения!
birthday-already = 🎂 Ваш день рождения: <b>{ $date }</b>. Чтобы изменить его, обратитесь к сотрудникам на кассе.
birthday-gift =
    🎉 С днём рождения, { $name }! Наш подарок: <b>+{ $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    }</b>. Баланс: { $balance ->
        [one] { $balance } балл
        [few] { $balance } балла
       *[many] { $balance } баллов
    }.
birthday-not-given = не указан
privacy-extras =
    • ваш день рождения, если вы его указали, — для подарка (ваш: { $birthday });
    • ваши оценки визитов и отзывы, их читает владелец.

## Купоны (владелец)
coupon-value-bonus = { $points ->
        [one] { $points } бонусный балл
        [few] { $points } бонусных балла
       *[many] { $points } бонусных баллов
    }
coupon-value-discount = −{ $percent }% на следующую покупку
coupon-usage =
    <b>Купоны</b>
    <code>/coupon add SUMMER bonus 100 limit 500 until 2026-12-31</code> — бонусные баллы сразу
    <code>/coupon add SAVE10 discount 10% limit 100 until 2026-12-31</code> — скидка на следующую покупку
    Добавьте <code>from 2026-12-01</code>, чтобы начать позже. Код — от 6 до 16 латинских букв и цифр; каждый покупатель может использовать купон один раз.
    <code>/coupon</code> — список купонов.
coupon-error-code = Код — от 6 до 16 латинских букв и цифр, например SUMMER25.
coupon-error-value = Бонус — целое число баллов от 1 до 1 000 000; скидка — от 0,01% до 100%.
coupon-error-limit = Лимит — целое число использований от 1 до 1 000 000.
coupon-error-date = Пишите даты как ГГГГ-ММ-ДД, например 2026-12-31.
coupon-error-period = Дата окончания не может быть в прошлом или раньше даты начала.
coupon-error-exists = Купон с кодом { $code } уже есть.
coupon-created =
    🎟 Купон <b>{ $code }</b>: { $value }
    До { $limit ->
        [one] { $limit } использования
        [few] { $limit } использований
       *[many] { $limit } использований
    }, одно на покупателя, с { $from } по { $until }.
    Ссылка для листовок (её открывает QR-код выше): { $link }
coupon-list-empty = Купонов пока нет. { coupon-usage }
coupon-list-title = <b>Купоны</b> (использовано / лимит)
coupon-list-line = <b>{ $code }</b> · { $value } · { $uses }/{ $limit } · до { $until } · { $status }
coupon-status-active = действует
coupon-status-stopped = остановлен
coupon-status-expired = истёк
coupon-status-used-up = исчерпан
coupon-status-not-yet = ещё не начался
coupon-button-stop = ⏹ Остановить { $code }
coupon-stopped = Остановлен.

## Купоны (покупатель)
coupon-claimed-bonus =
    🎟 Купон <b>{ $code }</b>: <b>+{ $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    }</b>. Баланс: { $balance ->
        [one] { $balance } балл
        [few] { $balance } балла
       *[many] { $balance } баллов
    }.
coupon-claimed-discount = 🎟 Купон <b>{ $code }</b> ваш: <b>−{ $percent }%</b> на следующую покупку. Покажите карту на кассе.
coupon-applied-customer = 🎟 Купон <b>{ $code }</b> использован: −{ $percent }% на эту покупку.

## Купоны (касса)
coupon-button-apply = 🎟 Применить −{ $percent }% ({ $code })
coupon-apply-done = ✅ Купон <b>{ $code }</b> применён: дайте покупателю скидку <b>−{ $percent }%</b> на эту покупку.
coupon-apply-gone = Этот купон уже применён или больше не действует.

## Оценки
feedback-thanks = Спасибо за оценку: { $stars }
feedback-bonus = <b>+{ $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    }</b> за отзыв. Баланс: { $balance ->
        [one] { $balance } балл
        [few] { $balance } балла
       *[many] { $balance } баллов
    }.
feedback-ask-comment = Хотите что-то добавить? Напишите отзыв следующим сообщением (в течение 15 минут) — или просто продолжайте.
feedback-already = Вы уже оценили этот визит.
feedback-undone = Эта покупка была отменена.
feedback-not-yours = Это не ваш чек.
feedback-comment-saved = Спасибо, мы прочитаем ваш отзыв.
feedback-comment-already = Ваш отзыв об этом визите уже сохранён.
feedback-summary-empty = Оценок пока нет. Покупатели могут оценить визит под своим чеком.
feedback-summary =
    <b>Оценки визитов</b>
    Средняя <b>{ $average }</b>, всего { $count ->
        [one] { $count } оценка
        [few] { $count } оценки
       *[many] { $count } оценок
    }
    5⭐ { $five } · 4⭐ { $four } · 3⭐ { $three } · 2⭐ { $two } · 1⭐ { $one }
feedback-comments-title = <b>Последние отзывы</b>
feedback-comment-line = { $rating }⭐ · { $date } · { $name }: { $comment }
