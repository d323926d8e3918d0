# Бік покупця. Повідомлення надсилаються з parse mode HTML: лише теги <b>, <i>, <code>;
# символи & < > не можна писати голими. Імена екранує код.

language-name = 🇺🇦 Українська

## Команди (меню команд Telegram)
cmd-start = Почати / отримати картку
cmd-card = Показати картку
cmd-balance = Мої бали
cmd-history = Останні операції
cmd-invite = Запросити друга
cmd-language = Змінити мову
cmd-help = Як це працює

## Головне меню
menu-card = 💳 Картка
menu-balance = 💰 Баланс
menu-history = 📜 Історія
menu-invite = 🎁 Запросити
menu-help = ❓ Допомога

## Реєстрація
welcome-new =
    Ласкаво просимо, { $name }! Ваша картка лояльності готова.
    { $bonus ->
        [0] Покажіть її на касі, щоб накопичувати бали.
        [one] Даруємо вітальний бонус: <b>{ $bonus } бал</b>. Покажіть картку на касі, щоб накопичувати ще.
        [few] Даруємо вітальний бонус: <b>{ $bonus } бали</b>. Покажіть картку на касі, щоб накопичувати ще.
       *[many] Даруємо вітальний бонус: <b>{ $bonus } балів</b>. Покажіть картку на касі, щоб накопичувати ще.
    }
welcome-back =
    З поверненням, { $name }! У вас <b>{ $balance ->
        [one] { $balance } бал
        [few] { $balance } бали
       *[many] { $balance } балів
    }</b>.
not-registered = У вас ще немає картки. Натисніть /start, щоб отримати її.

## Картка
card-caption =
    Картка <code>{ $number }</code>
    Баланс: <b>{ $balance ->
        [one] { $balance } бал
        [few] { $balance } бали
       *[many] { $balance } балів
    }</b>
    Покажіть цей QR-код на касі.
card-link-staff-only = Це картка лояльності покупця. Користуватися нею може лише персонал магазину: покажіть її на касі.
card-link-invalid = Це посилання на картку недійсне.
link-unknown = Це посилання недійсне або застаріле.

## Баланс та історія
balance-text = Ваш баланс: <b>{ $balance ->
        [one] { $balance } бал
        [few] { $balance } бали
       *[many] { $balance } балів
    }</b>.
balance-pending = Зарезервовано для списання: { $pending ->
        [one] { $pending } бал
        [few] { $pending } бали
       *[many] { $pending } балів
    }.
history-title = <b>Останні операції</b>
history-empty = Операцій поки немає.
history-line = { $date } · { $what } · <b>{ $amount }</b>
history-newer = ‹ Новіші
history-older = Старіші ›
history-kind-welcome = Вітальний бонус
history-kind-referral = Бонус за запрошення
history-kind-purchase = Покупка
history-kind-redemption = Списання балів
history-kind-reversal = Виправлення
history-kind-expiry = Згоряння балів
history-kind-import = Початковий баланс
history-kind-adjustment = Коригування
history-reversal-of = Скасовано: { $what }

## Запрошення
invite-text =
    Запрошуйте друзів за особистим посиланням. Коли друг зробить першу покупку, ви обидва отримаєте { $bonus ->
        [one] { $bonus } бал
        [few] { $bonus } бали
       *[many] { $bonus } балів
    }.
    { $link }
referral-joined = Ви приєдналися за запрошенням: { $name }. Після вашої першої покупки ви обидва отримаєте { $bonus ->
        [one] { $bonus } бал
        [few] { $bonus } бали
       *[many] { $bonus } балів
    }.
referral-friend-joined = { $name } приєднується за вашим запрошенням. Ви обидва отримаєте { $bonus ->
        [one] { $bonus } бал
        [few] { $bonus } бали
       *[many] { $bonus } балів
    } після першої покупки друга.
referral-invalid = Посилання-запрошення недійсне, але ваша картка все одно готова.
referral-own = Це ваше власне посилання-запрошення: поділіться ним із друзями!
referral-already-member = Ви вже учасник програми, тому запрошення не можна використати.

## Мова
language-choose = Оберіть мову:
language-set = Мову змінено на українську.

## Допомога та помилки
help-text =
    <b>Як це працює</b>
    Покажіть картку (💳 Картка або /card) на касі: касир сканує QR-код, і з кожної покупки вам нараховуються бали.
    Витрачайте бали на наступні покупки: кожне списання ви підтверджуєте тут, у чаті.
    /balance: ваші бали
    /history: останні операції
    /invite: запросіть друзів і отримайте бонус разом
    /language: змінити мову
unknown-command = Я не знаю такої команди. Спробуйте /help.
fallback-text = Я не зрозумів повідомлення. Скористайтеся меню нижче або /help.
