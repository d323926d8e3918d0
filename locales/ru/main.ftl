# Сторона покупателя. Сообщения отправляются с parse mode HTML: только теги <b>, <i>, <code>;
# символы & < > нельзя писать голыми. Имена экранирует код.

language-name = 🇷🇺 Русский

## Команды (меню команд Telegram)
cmd-start = Начать / получить карту
cmd-card = Показать карту
cmd-balance = Мои баллы
cmd-history = Последние операции
cmd-invite = Пригласить друга
cmd-language = Сменить язык
cmd-help = Как это работает

## Главное меню
menu-card = 💳 Карта
menu-balance = 💰 Баланс
menu-history = 📜 История
menu-invite = 🎁 Пригласить
menu-help = ❓ Помощь

## Регистрация
welcome-new =
    Добро пожаловать, { $name }! Ваша карта лояльности готова.
    { $bonus ->
        [0] Покажите её на кассе, чтобы копить баллы.
        [one] Дарим приветственный бонус: <b>{ $bonus } балл</b>. Покажите карту на кассе, чтобы копить ещё.
        [few] Дарим приветственный бонус: <b>{ $bonus } балла</b>. Покажите карту на кассе, чтобы копить ещё.
       *[many] Дарим приветственный бонус: <b>{ $bonus } баллов</b>. Покажите карту на кассе, чтобы копить ещё.
    }
welcome-back =
    С возвращением, { $name }! У вас <b>{ $balance ->
        [one] { $balance } балл
        [few] { $balance } балла
       *[many] { $balance } баллов
    }</b>.
not-registered = У вас ещё нет карты. Нажмите /start, чтобы получить её.

## Карта
card-caption =
    Карта <code>{ $number }</code>
    Баланс: <b>{ $balance ->
        [one] { $balance } балл
        [few] { $balance } балла
       *[many] { $balance } баллов
    }</b>
    Покажите этот QR-код на кассе.
card-link-staff-only = Это карта лояльности покупателя. Пользоваться ею может только персонал магазина: покажите её на кассе.
card-link-invalid = Эта ссылка на карту недействительна.
link-unknown = Эта ссылка недействительна или устарела.

## Баланс и история
balance-text = Ваш баланс: <b>{ $balance ->
        [one] { $balance } балл
        [few] { $balance } балла
       *[many] { $balance } баллов
    }</b>.
balance-pending = Зарезервировано для списания: { $pending ->
        [one] { $pending } балл
        [few] { $pending } балла
       *[many] { $pending } баллов
    }.
history-title = <b>Последние операции</b>
history-empty = Операций пока нет.
history-line = { $date } · { $what } · <b>{ $amount }</b>
history-newer = ‹ Новее
history-older = Старше ›
history-kind-welcome = Приветственный бонус
history-kind-referral = Бонус за приглашение
history-kind-purchase = Покупка
history-kind-redemption = Списание баллов
history-kind-reversal = Исправление
history-kind-refund = Возврат
history-kind-expiry = Сгорание баллов
history-kind-import = Начальный баланс
history-kind-adjustment = Корректировка
history-reversal-of = Отменено: { $what }

## Приглашения
invite-text =
    Приглашайте друзей по личной ссылке. Когда друг совершит первую покупку, вы получите { $bonus ->
        [one] { $bonus } балл
        [few] { $bonus } балла
       *[many] { $bonus } баллов
    }, а друг — { $friend_bonus ->
        [one] { $friend_bonus } балл
        [few] { $friend_bonus } балла
       *[many] { $friend_bonus } баллов
    }.
    { $link }
referral-joined = Вы присоединились по приглашению: { $name }. После вашей первой покупки вы получите { $bonus ->
        [one] { $bonus } балл
        [few] { $bonus } балла
       *[many] { $bonus } баллов
    }, а { $name } — { $referrer_bonus ->
        [one] { $referrer_bonus } балл
        [few] { $referrer_bonus } балла
       *[many] { $referrer_bonus } баллов
    }.
referral-friend-joined = { $name } присоединяется по вашему приглашению. После первой покупки друга вы получите { $bonus ->
        [one] { $bonus } балл
        [few] { $bonus } балла
       *[many] { $bonus } баллов
    }, а друг — { $friend_bonus ->
        [one] { $friend_bonus } балл
        [few] { $friend_bonus } балла
       *[many] { $friend_bonus } баллов
    }.
referral-invalid = Ссылка-приглашение недействительна, но ваша карта всё равно готова.
referral-own = Это ваша собственная ссылка-приглашение: поделитесь ею с друзьями!
referral-already-member = Вы уже участник программы, поэтому приглашение не может быть использовано.

## Язык
language-choose = Выберите язык:
language-set = Язык изменён на русский.

## Помощь и ошибки
help-text =
    <b>Как это работает</b>
    Покажите карту (💳 Карта или /card) на кассе: кассир сканирует QR-код, и с каждой покупки вам начисляются баллы.
    Тратьте баллы на следующие покупки: каждое списание вы подтверждаете здесь, в чате.
    /balance: ваши баллы
    /history: последние операции
    /invite: пригласите друзей и получите бонус вместе
    /language: сменить язык
unknown-command = Я не знаю такой команды. Попробуйте /help.
fallback-text = Я не понял сообщение. Воспользуйтесь меню ниже или /help.
error-generic = Что-то пошло не так на нашей стороне. Пожалуйста, попробуйте ещё раз чуть позже.

## Команды персонала (меню команд Telegram для кассиров и владельцев)
cmd-scan = Открыть карту по номеру
cmd-redeem = Списать баллы: /redeem N [сумма]
cmd-refund = Возврат: /refund чек [сумма]
cmd-today = Мои операции за сегодня
cmd-cancel = Закрыть открытую карту
cmd-addcashier = Пригласить кассира: /addcashier [магазин]
cmd-staff = Кассиры и доступ

## Доступ персонала
staff-only = Это доступно только персоналу магазина.
owner-only = Это может сделать только владелец.
store-default-name = Основной магазин
staff-invite-created =
    Приглашение для кассира, магазин <b>{ $store }</b>. Ссылка действует 24 часа и только для одного человека:
    { $link }
staff-invite-invalid = Это приглашение для персонала недействительно.
staff-invite-used = Это приглашение уже использовано.
staff-invite-already-yours = Вы уже присоединились по этому приглашению.
staff-invite-expired = Срок действия приглашения истёк. Попросите у владельца новое.
staff-welcome =
    Теперь вы кассир, магазин <b>{ $store }</b>.
    Отсканируйте QR-код покупателя камерой телефона, пришлите его фото или введите номер карты.
staff-owner-notified = Новый кассир: { $name }, магазин { $store }.
staff-list-title = <b>Кассиры</b>
staff-list-empty = Кассиров пока нет. Пригласите первого командой /addcashier.
staff-list-line = { $name } · { $store }
staff-button-revoke = Отозвать доступ: { $name }
staff-revoked = { $name }: доступ кассира отозван.
staff-already-revoked = Доступ этого кассира уже отозван.
staff-you-were-revoked = Ваш доступ кассира отозван.

## Касса
tier-base = Базовый
till-card-screen =
    💳 <b>{ $name }</b> · { $number }
    Баланс: <b>{ $balance ->
        [one] { $balance } балл
        [few] { $balance } балла
       *[many] { $balance } баллов
    }</b> · Уровень: { $tier }
    Отправьте сумму покупки (например, 1250,50) или /redeem N, чтобы списать баллы.
till-button-purchase = 🛒 Покупка
till-button-redeem = 🎁 Списать
till-button-cancel = ✖ Отмена
till-ask-amount = Отправьте сумму покупки, например 1250,50.
till-ask-redeem = Отправьте количество баллов для списания, при необходимости вместе с суммой покупки: например, 100 или 100 1250,50.
till-closed = Карта закрыта.
till-screen-expired = Этот экран карты устарел. Отсканируйте карту ещё раз.
till-no-card-open = Карта не открыта. Отсканируйте QR-код покупателя, пришлите его фото или введите номер карты.
till-scan-help = Введите номер карты после /scan, например: /scan 4821 0394 7712.
till-card-number-invalid = Неверный номер карты: проверьте цифры.
till-card-unknown = Активной карты с таким номером нет.
till-photo-no-qr = Не удалось найти QR-код на этом фото. Снимите ближе или введите номер карты.
till-photo-not-a-card = Этот QR-код не относится к нашим картам лояльности.
till-purchase-posted =
    ✅ Чек №{ $receipt }: { $amount } → <b>+{ $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    }</b>, покупатель { $name }.
    Баланс: { $balance ->
        [one] { $balance } балл
        [few] { $balance } балла
       *[many] { $balance } баллов
    }.
till-duplicate-ask = Меньше минуты назад вы уже провели покупку по этой карте. Провести { $amount } ещё раз?
till-button-post-anyway = Всё равно провести
till-duplicate-confirmed = Повтор подтверждён, проводим покупку.
till-button-undo = ↩ Отменить
till-button-refund = Возврат
till-undone = ↩ Чек №{ $receipt } отменён, с карты снято: { $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    }.
till-refunded =
    Возврат по чеку №{ $receipt } ({ $amount }). Снято с карты: { $taken ->
        [one] { $taken } балл
        [few] { $taken } балла
       *[many] { $taken } баллов
    }; списано (уже потрачены): { $written_off ->
        [one] { $written_off } балл
        [few] { $written_off } балла
       *[many] { $written_off } баллов
    }; возвращено покупателю: { $returned ->
        [one] { $returned } балл
        [few] { $returned } балла
       *[many] { $returned } баллов
    }.
today-report =
    <b>Сегодня</b>
    Покупки: { $purchases } на сумму { $sales }, { $issued ->
        [one] начислен { $issued } балл
        [few] начислено { $issued } балла
       *[many] начислено { $issued } баллов
    }
    Списания: { $redemptions }, { $redeemed ->
        [one] потрачен { $redeemed } балл
        [few] потрачено { $redeemed } балла
       *[many] потрачено { $redeemed } баллов
    }
    Возвраты: { $refunds } на сумму { $refunded }

## Суммы
amount-not-a-number = Это не сумма. Отправьте цифры, например 1250,50.
amount-not-positive = Сумма должна быть больше нуля.
amount-too-precise = Не больше двух знаков после запятой, например 12,34.
amount-too-large = Слишком большая сумма (максимум { $max }).
redeem-usage = Укажите количество баллов целым числом, например /redeem 100 или /redeem 100 1250,50.
refund-usage = Укажите номер чека и при необходимости сумму, например /refund 42 или /refund 42 500.

## Ошибки кассы
till-error-not-found = Такого чека нет.
till-error-insufficient = У покупателя доступно только { $available ->
        [one] { $available } балл
        [few] { $available } балла
       *[many] { $available } баллов
    }.
till-error-over-cap = За эту покупку можно списать максимум { $max ->
        [one] { $max } балл
        [few] { $max } балла
       *[many] { $max } баллов
    }.
till-error-already-reversed = Этот чек уже отменён, или по нему оформлен возврат.
till-error-undo-window = Время для отмены истекло. Оформите возврат.
till-error-not-yours = Отменить операцию может только кассир, который её провёл.
till-error-refund-too-large = Сумма возврата больше суммы покупки.
till-error-closed = На этот запрос уже ответили, или срок его действия истёк.

## Чеки покупателя
receipt-customer =
    🧾 Покупка ({ $store }): { $amount }
    <b>+{ $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    }</b> · Баланс: { $balance ->
        [one] { $balance } балл
        [few] { $balance } балла
       *[many] { $balance } баллов
    } · Чек №{ $receipt }
receipt-customer-redeemed = Списано за эту покупку: { $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    }.
receipt-customer-undone = Чек №{ $receipt } отменён кассиром: −{ $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    }. Баланс: { $balance ->
        [one] { $balance } балл
        [few] { $balance } балла
       *[many] { $balance } баллов
    }.
receipt-customer-refunded = Возврат по чеку №{ $receipt }: −{ $taken ->
        [one] { $taken } балл
        [few] { $taken } балла
       *[many] { $taken } баллов
    }, возвращено на карту: { $returned ->
        [one] { $returned } балл
        [few] { $returned } балла
       *[many] { $returned } баллов
    }. Баланс: { $balance ->
        [one] { $balance } балл
        [few] { $balance } балла
       *[many] { $balance } баллов
    }.
referral-paid-friend = 🎁 Спасибо за первую покупку! Вы получаете { $bonus ->
        [one] { $bonus } балл
        [few] { $bonus } балла
       *[many] { $bonus } баллов
    }, а ваш друг — { $referrer_bonus ->
        [one] { $referrer_bonus } балл
        [few] { $referrer_bonus } балла
       *[many] { $referrer_bonus } баллов
    }.
referral-paid-referrer = 🎁 Первая покупка друга ({ $name }): вы получаете { $bonus ->
        [one] { $bonus } балл
        [few] { $bonus } балла
       *[many] { $bonus } баллов
    }!

## Списание баллов
redeem-ask-customer =
    Списать <b>{ $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    }</b>, магазин { $store }?
    Подтвердите за { $seconds ->
        [one] { $seconds } секунду
        [few] { $seconds } секунды
       *[many] { $seconds } секунд
    }.
redeem-button-confirm = ✅ Подтвердить
redeem-button-decline = ✖ Отклонить
redeem-waiting = ⏳ Ждём, пока { $name } подтвердит списание: { $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    } (на сумму { $value })…
redeem-staff-confirmed = ✅ Списание подтверждено ({ $name }): { $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    }. Вычтите из счёта <b>{ $value }</b> и отправьте сумму покупки.
redeem-staff-declined = ✖ Списание отклонено ({ $name }): { $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    }.
redeem-staff-expired = ⌛ Время на подтверждение истекло ({ $name }), резерв снят: { $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    }.
redeem-customer-confirmed = ✅ Вы потратили { $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    }, магазин { $store }. Баланс: { $balance ->
        [one] { $balance } балл
        [few] { $balance } балла
       *[many] { $balance } баллов
    }.
redeem-customer-declined = ✖ Вы отказались от списания. Баллы остаются на вашей карте. Баланс: { $balance ->
        [one] { $balance } балл
        [few] { $balance } балла
       *[many] { $balance } баллов
    }.
redeem-customer-expired = ⌛ Срок действия запроса истёк. Баллы остаются на вашей карте. Баланс: { $balance ->
        [one] { $balance } балл
        [few] { $balance } балла
       *[many] { $balance } баллов
    }.
redeem-too-late = Срок действия запроса истёк, или на него уже ответили.

## Владельцам
owner-flag-busy-card = ⚠ Необычная активность: по карте покупателя { $name } сегодня уже { $ops ->
        [one] { $ops } операция
        [few] { $ops } операции
       *[many] { $ops } операций
    } (последняя: { $staff }, { $store }).

## Till menu
menu-staff-scan = 📷 Сканировать
menu-staff-today = 📊 Сегодня
menu-staff-close = ✖ Закрыть карту
till-scan-instructions = Наведите камеру телефона на QR-код покупателя и откройте ссылку, или пришлите сюда фото QR-кода, или введите номер карты.

## Sandbox web chat (plain text: no markup)
sandbox-title = Песочница бота лояльности
sandbox-tagline = Настоящий бот на эмуляторе Telegram. Каждый чат — один человек, который с ним говорит.
sandbox-add-customer = + Покупатель
sandbox-new-customer-name = Имя
sandbox-new-customer-language = Язык
sandbox-new-customer-create = Добавить
sandbox-cancel = Отмена
sandbox-role-owner = владелец
sandbox-role-cashier = кассир
sandbox-role-customer = покупатель
sandbox-bot = бот
sandbox-start = Запустить
sandbox-empty = Нажмите «Запустить», чтобы начать разговор с ботом.
sandbox-message-placeholder = Сообщение
sandbox-send = Отправить
sandbox-menu = Меню
sandbox-attach = Отправить фото
sandbox-scan = Сканировать
sandbox-scan-prompt = Нажмите на карту покупателя в другом чате или загрузите её фото.
sandbox-scan-upload = Загрузить фото
sandbox-scan-no-qr = На этой картинке нет QR-кода.
sandbox-scan-not-card = Этот QR-код не ведёт к боту.
sandbox-download = Скачать
sandbox-edited = изменено
sandbox-offline = Нет связи. Подключаемся снова…
sandbox-error = Что-то пошло не так. Попробуйте ещё раз.
sandbox-link-copied = Ссылка скопирована

## Bot profile (setMyDescription / setMyShortDescription)
bot-description = Ваша карта лояльности в Telegram: копите баллы с каждой покупки, тратьте их на кассе, приглашайте друзей. Нажмите «Старт», чтобы получить карту.
bot-short-description = Карта лояльности: копите и тратьте баллы

## Privacy
cmd-privacy = Какие данные мы храним
cmd-delete-me = Удалить мои данные
privacy-text =
    <b>Ваши данные</b>
    Мы храним только то, что нужно для карты лояльности:
    • ваш идентификатор и чат в Telegram, чтобы общаться с вами;
    • ваше имя, чтобы обращаться к вам и показывать его кассиру;
    • выбранный язык;
    • номер карты и операции с баллами (суммы, даты, магазин и кассир), чтобы вести ваш баланс;
    • кто вас пригласил, чтобы начислить бонус за приглашение.
    QR-коды карт подписаны и ничего не раскрывают без ключа магазина.
    /delete_me удаляет ваше имя, идентификатор Telegram и язык и отключает карту. Магазин сохраняет обезличенные записи о баллах, нужные для учёта, и необратимый отпечаток вашего идентификатора Telegram, чтобы повторная регистрация не давала приветственный бонус второй раз.
delete-me-ask = Удалить ваши личные данные? Карта перестанет работать, а баллами больше нельзя будет воспользоваться. Это действие нельзя отменить.
delete-me-button-confirm = Да, удалить мои данные
delete-me-button-cancel = Отмена
delete-me-cancelled = Ничего не удалено.
delete-me-done = Ваши личные данные удалены, карта больше не работает. Нажмите /start, если захотите новую карту.

## Promotions
cmd-promos = Включить или выключить акции
cmd-promo = Разослать акцию: /promo текст
promos-on = Акции <b>включены</b>: вы будете получать наши предложения. Отправьте /promos ещё раз, чтобы выключить их.
promos-off = Акции <b>выключены</b>: предложений больше не будет. Чеки и подтверждения по-прежнему приходят. Отправьте /promos, чтобы снова включить их.
promo-usage = Напишите текст акции после команды, например <code>/promo Осенняя распродажа: &lt;b&gt;-20%&lt;/b&gt; на весь кофе</code>. Оформление из приложения (жирный, курсив, ссылки) сохраняется. Чтобы добавить фото, отправьте фото с подписью <code>/promo текст</code>. <code>/promo list</code> покажет запланированные акции.
promo-too-long = Акция длиннее, чем Telegram позволяет в одном сообщении (4096 символов).
promo-audience-all = Все
promo-draft =
    Выше — так будет выглядеть акция.
    Получатели: <b>{ $audience }</b>, { $count ->
        [one] { $count } клиент
        [few] { $count } клиента
       *[many] { $count } клиентов
    } с включёнными акциями.
    Выберите получателей, при желании добавьте кнопку-ссылку и нажмите «Отправить» или «Запланировать».
promo-button-send = 📣 Отправить
promo-button-discard = Удалить
promo-discarded = Акция удалена, ничего не отправлено.
promo-started = { $count ->
        [one] Отправляем { $count } клиенту
       *[other] Отправляем { $count } клиентам
    }
promo-progress =
    <b>Акция №{ $id }</b>: { $status ->
        [sending] отправляется…
        [paused] на паузе
        [cancelled] отменена
       *[done] готово
    }
    Отправлено: { $sent }
    Не доставлено: { $failed }
    Заблокировали бота: { $blocked }
    Акции выключены: { $skipped }
    Осталось: { $remaining }
promo-button-pause = ⏸ Пауза
promo-button-resume = ▶️ Продолжить
promo-button-cancel = ✖️ Отменить

## Points expiry
expiry-warning = ⏳ { $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    } на вашей карте сгорят { $date }. Успейте потратить!
expiry-done = ⌛ Сгорело { $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    }. Баланс: { $balance ->
        [one] { $balance } балл
        [few] { $balance } балла
       *[many] { $balance } баллов
    }.
