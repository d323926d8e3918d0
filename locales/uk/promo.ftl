## Promotions: composing (photo, URL button, audiences) and scheduling
promo-caption-too-long = Текст під фото може бути не довшим за 1024 символи (обмеження Telegram для підписів). Скоротіть його або надішліть акцію без фото.
promo-audience-tier = Рівень { $name }
promo-audience-inactive = Без покупок { $days ->
        [one] { $days } день
        [few] { $days } дні
       *[many] { $days } днів
    }
promo-audience-birthday = 🎂 День народження цього місяця
promo-audience-referred = 🤝 Прийшли за запрошенням
promo-audience-points = Баланс: { $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    } і більше
promo-audience-spent = Витратили від { $amount } за { $days ->
        [one] { $days } день
        [few] { $days } дні
       *[many] { $days } днів
    }
promo-draft-button = Кнопка: <b>{ $label }</b> → { $url }
promo-button-points = ≥ N балів
promo-button-inactive = Неактивні N днів
promo-button-spent = Витратили ≥ X
promo-button-url = 🔗 Додати кнопку
promo-button-schedule = ⏰ Запланувати
promo-ask-points = Введіть мінімальний баланс у балах, наприклад <code>500</code>.
promo-ask-inactive = Введіть кількість днів без покупок, наприклад <code>30</code>. Клієнти, які зареєструвалися щонайменше стільки днів тому й жодного разу не купували, теж потраплять.
promo-ask-spent = Введіть мінімальну суму й кількість днів, наприклад <code>1000 30</code>: клієнти, які витратили щонайменше цю суму за останні 30 днів (за вирахуванням повернень).
promo-ask-button = Введіть кнопку у вигляді <code>Текст | https://example.com</code> або <code>-</code>, щоб прибрати її.
promo-ask-schedule = Введіть дату й час надсилання за UTC (часовий пояс у бота не налаштовано), наприклад <code>{ $now }</code>. Зараз { $now } UTC.
promo-bad-points = Це не кількість балів. Введіть ціле число від 1, наприклад <code>500</code>.
promo-bad-days = Це не кількість днів. Введіть ціле число від 1 до { $max }, наприклад <code>30</code>.
promo-bad-spent = Введіть суму й кількість днів через пробіл, наприклад <code>1000 30</code>.
promo-bad-button = Введіть текст, вертикальну риску й посилання, наприклад <code>Замовити | https://example.com</code>.
promo-bad-button-label = Текст кнопки не може бути порожнім; максимум { $max ->
        [one] { $max } символ
        [few] { $max } символи
       *[many] { $max } символів
    }.
promo-bad-button-url = Посилання має починатися з http:// або https:// і вести на сайт, наприклад https://example.com.
promo-bad-date = Це не дата й час. Введіть у вигляді <code>2026-12-01 10:00</code> (UTC).
promo-date-past = Цей час уже минув. Введіть час у майбутньому (UTC).
promo-date-too-far = Це більше ніж за рік. Введіть час у межах року (UTC).
promo-scheduled = ⏰ Акцію #{ $id } заплановано на <b>{ $when } UTC</b>. Зараз її отримали б { $count ->
        [one] { $count } клієнт
        [few] { $count } клієнти
       *[many] { $count } клієнтів
    }; аудиторію буде пораховано знову під час надсилання. Ми напишемо, коли вона почнеться.
promo-schedule-cancelled = Заплановану акцію #{ $id } скасовано; нічого не надіслано.
promo-schedule-started = ⏰ Запланована акція #{ $id } почалася: надсилаємо { $count ->
        [one] { $count } клієнту
        [few] { $count } клієнтам
       *[many] { $count } клієнтам
    }.
promo-list-empty = Запланованих акцій немає.
promo-list-item = ⏰ #{ $id } на <b>{ $when } UTC</b>: { $text }
