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
history-kind-expiry = Сгорание баллов
history-kind-import = Начальный баланс
history-kind-adjustment = Корректировка
history-reversal-of = Отменено: { $what }

## Приглашения
invite-text =
    Приглашайте друзей по личной ссылке. Когда друг совершит первую покупку, вы оба получите { $bonus ->
        [one] { $bonus } балл
        [few] { $bonus } балла
       *[many] { $bonus } баллов
    }.
    { $link }
referral-joined = Вы присоединились по приглашению: { $name }. После вашей первой покупки вы оба получите { $bonus ->
        [one] { $bonus } балл
        [few] { $bonus } балла
       *[many] { $bonus } баллов
    }.
referral-friend-joined = { $name } присоединяется по вашему приглашению. Вы оба получите { $bonus ->
        [one] { $bonus } балл
        [few] { $bonus } балла
       *[many] { $bonus } баллов
    } после первой покупки друга.
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
