## Promotions: composing (photo, URL button, audiences) and scheduling
promo-caption-too-long = Текст под фото может быть не длиннее 1024 символов (ограничение Telegram для подписей). Сократите его или отправьте акцию без фото.
promo-audience-tier = Уровень { $name }
promo-audience-inactive = Без покупок { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[many] { $days } дней
    }
promo-audience-birthday = 🎂 День рождения в этом месяце
promo-audience-referred = 🤝 Пришли по приглашению
promo-audience-points = Баланс: { $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    } и больше
promo-audience-spent = Потратили от { $amount } за { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[many] { $days } дней
    }
promo-draft-button = Кнопка: <b>{ $label }</b> → { $url }
promo-button-points = ≥ N баллов
promo-button-inactive = Неактивны N дней
promo-button-spent = Потратили ≥ X
promo-button-url = 🔗 Добавить кнопку
promo-button-schedule = ⏰ Запланировать
promo-ask-points = Введите минимальный баланс в баллах, например <code>500</code>.
promo-ask-inactive = Введите число дней без покупок, например <code>30</code>. Клиенты, которые зарегистрировались не меньше этого срока назад и ни разу не покупали, тоже попадут.
promo-ask-spent = Введите минимальную сумму и число дней, например <code>1000 30</code>: клиенты, потратившие не меньше этой суммы за последние 30 дней (за вычетом возвратов).
promo-ask-button = Введите кнопку в виде <code>Текст | https://example.com</code> или <code>-</code>, чтобы убрать её.
promo-ask-schedule = Введите дату и время отправки по UTC (часовой пояс у бота не настроен), например <code>{ $now }</code>. Сейчас { $now } UTC.
promo-bad-points = Это не число баллов. Введите целое число от 1, например <code>500</code>.
promo-bad-days = Это не число дней. Введите целое число от 1 до { $max }, например <code>30</code>.
promo-bad-spent = Введите сумму и число дней через пробел, например <code>1000 30</code>.
promo-bad-button = Введите текст, вертикальную черту и ссылку, например <code>Заказать | https://example.com</code>.
promo-bad-button-label = Текст кнопки не может быть пустым; максимум { $max ->
        [one] { $max } символ
        [few] { $max } символа
       *[many] { $max } символов
    }.
promo-bad-button-url = Ссылка должна начинаться с http:// или https:// и вести на сайт, например https://example.com.
promo-bad-date = Это не дата и время. Введите в виде <code>2026-12-01 10:00</code> (UTC).
promo-date-past = Это время уже прошло. Введите время в будущем (UTC).
promo-date-too-far = Это больше чем через год. Введите время в пределах года (UTC).
promo-scheduled = ⏰ Акция #{ $id } запланирована на <b>{ $when } UTC</b>. Сейчас её получили бы { $count ->
        [one] { $count } клиент
        [few] { $count } клиента
       *[many] { $count } клиентов
    }; аудитория будет посчитана заново при отправке. Мы напишем, когда она начнётся.
promo-schedule-cancelled = Запланированная акция #{ $id } отменена; ничего не отправлено.
promo-schedule-started = ⏰ Запланированная акция #{ $id } началась: отправляем { $count ->
        [one] { $count } клиенту
        [few] { $count } клиентам
       *[many] { $count } клиентам
    }.
promo-list-empty = Запланированных акций нет.
promo-list-item = ⏰ #{ $id } на <b>{ $when } UTC</b>: { $text }
