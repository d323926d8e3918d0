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
history-kind-refund = Повернення
history-kind-expiry = Згоряння балів
history-kind-import = Початковий баланс
history-kind-adjustment = Коригування
history-reversal-of = Скасовано: { $what }

## Запрошення
invite-text =
    Запрошуйте друзів за особистим посиланням. Коли друг зробить першу покупку, ви отримаєте { $bonus ->
        [one] { $bonus } бал
        [few] { $bonus } бали
       *[many] { $bonus } балів
    }, а друг — { $friend_bonus ->
        [one] { $friend_bonus } бал
        [few] { $friend_bonus } бали
       *[many] { $friend_bonus } балів
    }.
    { $link }
referral-joined = Ви приєдналися за запрошенням: { $name }. Після вашої першої покупки ви отримаєте { $bonus ->
        [one] { $bonus } бал
        [few] { $bonus } бали
       *[many] { $bonus } балів
    }, а { $name } — { $referrer_bonus ->
        [one] { $referrer_bonus } бал
        [few] { $referrer_bonus } бали
       *[many] { $referrer_bonus } балів
    }.
referral-friend-joined = { $name } приєднується за вашим запрошенням. Після першої покупки друга ви отримаєте { $bonus ->
        [one] { $bonus } бал
        [few] { $bonus } бали
       *[many] { $bonus } балів
    }, а друг — { $friend_bonus ->
        [one] { $friend_bonus } бал
        [few] { $friend_bonus } бали
       *[many] { $friend_bonus } балів
    }.
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
error-generic = Щось пішло не так на нашому боці. Будь ласка, спробуйте ще раз трохи згодом.

## Команди персоналу (меню команд Telegram для касирів і власників)
cmd-scan = Відкрити картку за номером
cmd-redeem = Списати бали: /redeem N [сума]
cmd-refund = Повернення: /refund чек [сума]
cmd-today = Мої операції за сьогодні
cmd-cancel = Закрити відкриту картку
cmd-addcashier = Запросити касира: /addcashier [магазин]
cmd-staff = Касири та доступ

## Доступ персоналу
staff-only = Це доступно лише персоналу магазину.
owner-only = Це може зробити лише власник.
store-default-name = Основний магазин
staff-invite-created =
    Запрошення для касира, магазин <b>{ $store }</b>. Посилання діє 24 години і лише для однієї людини:
    { $link }
staff-invite-invalid = Це запрошення для персоналу недійсне.
staff-invite-used = Це запрошення вже використано.
staff-invite-already-yours = Ви вже приєдналися за цим запрошенням.
staff-invite-expired = Термін дії запрошення минув. Попросіть у власника нове.
staff-welcome =
    Тепер ви касир, магазин <b>{ $store }</b>.
    Відскануйте QR-код покупця камерою телефона, надішліть його фото або введіть номер картки.
staff-owner-notified = Новий касир: { $name }, магазин { $store }.
staff-list-title = <b>Касири</b>
staff-list-empty = Касирів поки немає. Запросіть першого командою /addcashier.
staff-list-line = { $name } · { $store }
staff-button-revoke = Відкликати доступ: { $name }
staff-revoked = { $name }: доступ касира відкликано.
staff-already-revoked = Доступ цього касира вже відкликано.
staff-you-were-revoked = Ваш доступ касира відкликано.

## Каса
tier-base = Базовий
till-card-screen =
    💳 <b>{ $name }</b> · { $number }
    Баланс: <b>{ $balance ->
        [one] { $balance } бал
        [few] { $balance } бали
       *[many] { $balance } балів
    }</b> · Рівень: { $tier }
    Надішліть суму покупки (наприклад, 1250,50) або /redeem N, щоб списати бали.
till-button-purchase = 🛒 Покупка
till-button-redeem = 🎁 Списати
till-button-cancel = ✖ Скасувати
till-ask-amount = Надішліть суму покупки, наприклад 1250,50.
till-ask-redeem = Надішліть кількість балів для списання, за потреби разом із сумою покупки: наприклад, 100 або 100 1250,50.
till-closed = Картку закрито.
till-screen-expired = Цей екран картки застарів. Відскануйте картку ще раз.
till-no-card-open = Картку не відкрито. Відскануйте QR-код покупця, надішліть його фото або введіть номер картки.
till-scan-help = Введіть номер картки після /scan, наприклад: /scan 4821 0394 7712.
till-card-number-invalid = Неправильний номер картки: перевірте цифри.
till-card-unknown = Активної картки з таким номером немає.
till-photo-no-qr = Не вдалося знайти QR-код на цьому фото. Зніміть ближче або введіть номер картки.
till-photo-not-a-card = Цей QR-код не належить до наших карток лояльності.
till-purchase-posted =
    ✅ Чек №{ $receipt }: { $amount } → <b>+{ $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    }</b>, покупець { $name }.
    Баланс: { $balance ->
        [one] { $balance } бал
        [few] { $balance } бали
       *[many] { $balance } балів
    }.
till-duplicate-ask = Менше хвилини тому ви вже провели покупку за цією карткою. Провести { $amount } ще раз?
till-button-post-anyway = Все одно провести
till-duplicate-confirmed = Повтор підтверджено, проводимо покупку.
till-button-undo = ↩ Скасувати
till-button-refund = Повернення
till-undone = ↩ Чек №{ $receipt } скасовано, з картки знято: { $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    }.
till-refunded =
    Повернення за чеком №{ $receipt } ({ $amount }). Знято з картки: { $taken ->
        [one] { $taken } бал
        [few] { $taken } бали
       *[many] { $taken } балів
    }; списано (вже витрачені): { $written_off ->
        [one] { $written_off } бал
        [few] { $written_off } бали
       *[many] { $written_off } балів
    }; повернено покупцеві: { $returned ->
        [one] { $returned } бал
        [few] { $returned } бали
       *[many] { $returned } балів
    }.
today-report =
    <b>Сьогодні</b>
    Покупки: { $purchases } на суму { $sales }, нараховано { $issued ->
        [one] { $issued } бал
        [few] { $issued } бали
       *[many] { $issued } балів
    }
    Списання: { $redemptions }, витрачено { $redeemed ->
        [one] { $redeemed } бал
        [few] { $redeemed } бали
       *[many] { $redeemed } балів
    }
    Повернення: { $refunds } на суму { $refunded }

## Суми
amount-not-a-number = Це не сума. Надішліть цифри, наприклад 1250,50.
amount-not-positive = Сума має бути більшою за нуль.
amount-too-precise = Не більше двох знаків після коми, наприклад 12,34.
amount-too-large = Завелика сума (максимум { $max }).
redeem-usage = Вкажіть кількість балів цілим числом, наприклад /redeem 100 або /redeem 100 1250,50.
refund-usage = Вкажіть номер чека і за потреби суму, наприклад /refund 42 або /refund 42 500.

## Помилки каси
till-error-not-found = Такого чека немає.
till-error-insufficient = Покупцеві доступно лише { $available ->
        [one] { $available } бал
        [few] { $available } бали
       *[many] { $available } балів
    }.
till-error-over-cap = За цю покупку можна списати максимум { $max ->
        [one] { $max } бал
        [few] { $max } бали
       *[many] { $max } балів
    }.
till-error-already-reversed = Цей чек уже скасовано, або за ним оформлено повернення.
till-error-undo-window = Час для скасування минув. Оформіть повернення.
till-error-not-yours = Скасувати операцію може лише касир, який її провів.
till-error-refund-too-large = Сума повернення більша за суму покупки.
till-error-closed = На цей запит уже відповіли, або термін його дії минув.

## Чеки покупця
receipt-customer =
    🧾 Покупка ({ $store }): { $amount }
    <b>+{ $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    }</b> · Баланс: { $balance ->
        [one] { $balance } бал
        [few] { $balance } бали
       *[many] { $balance } балів
    } · Чек №{ $receipt }
receipt-customer-redeemed = Списано за цю покупку: { $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    }.
receipt-customer-undone = Чек №{ $receipt } скасовано касиром: −{ $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    }. Баланс: { $balance ->
        [one] { $balance } бал
        [few] { $balance } бали
       *[many] { $balance } балів
    }.
receipt-customer-refunded = Повернення за чеком №{ $receipt }: −{ $taken ->
        [one] { $taken } бал
        [few] { $taken } бали
       *[many] { $taken } балів
    }, повернено на картку: { $returned ->
        [one] { $returned } бал
        [few] { $returned } бали
       *[many] { $returned } балів
    }. Баланс: { $balance ->
        [one] { $balance } бал
        [few] { $balance } бали
       *[many] { $balance } балів
    }.
referral-paid-friend = 🎁 Дякуємо за першу покупку! Ви отримуєте { $bonus ->
        [one] { $bonus } бал
        [few] { $bonus } бали
       *[many] { $bonus } балів
    }, а ваш друг — { $referrer_bonus ->
        [one] { $referrer_bonus } бал
        [few] { $referrer_bonus } бали
       *[many] { $referrer_bonus } балів
    }.
referral-paid-referrer = 🎁 Перша покупка друга ({ $name }): ви отримуєте { $bonus ->
        [one] { $bonus } бал
        [few] { $bonus } бали
       *[many] { $bonus } балів
    }!

## Списання балів
redeem-ask-customer =
    Списати <b>{ $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    }</b>, магазин { $store }?
    Підтвердьте за { $seconds ->
        [one] { $seconds } секунду
        [few] { $seconds } секунди
       *[many] { $seconds } секунд
    }.
redeem-button-confirm = ✅ Підтвердити
redeem-button-decline = ✖ Відхилити
redeem-waiting = ⏳ Чекаємо, поки { $name } підтвердить списання: { $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    } (на суму { $value })…
redeem-staff-confirmed = ✅ Списання підтверджено ({ $name }): { $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    }. Відніміть від рахунку <b>{ $value }</b> і надішліть суму покупки.
redeem-staff-declined = ✖ Списання відхилено ({ $name }): { $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    }.
redeem-staff-expired = ⌛ Час на підтвердження минув ({ $name }), резерв знято: { $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    }.
redeem-customer-confirmed = ✅ Ви витратили { $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    }, магазин { $store }. Баланс: { $balance ->
        [one] { $balance } бал
        [few] { $balance } бали
       *[many] { $balance } балів
    }.
redeem-customer-declined = ✖ Ви відмовилися від списання. Бали залишаються на вашій картці. Баланс: { $balance ->
        [one] { $balance } бал
        [few] { $balance } бали
       *[many] { $balance } балів
    }.
redeem-customer-expired = ⌛ Термін дії запиту минув. Бали залишаються на вашій картці. Баланс: { $balance ->
        [one] { $balance } бал
        [few] { $balance } бали
       *[many] { $balance } балів
    }.
redeem-too-late = Термін дії запиту минув, або на нього вже відповіли.

## Власникам
owner-flag-busy-card = ⚠ Незвична активність: за карткою покупця { $name } сьогодні вже { $ops ->
        [one] { $ops } операція
        [few] { $ops } операції
       *[many] { $ops } операцій
    } (остання: { $staff }, { $store }).

## Till menu
menu-staff-scan = 📷 Сканувати
menu-staff-today = 📊 Сьогодні
menu-staff-close = ✖ Закрити картку
till-scan-instructions = Наведіть камеру телефона на QR-код покупця і відкрийте посилання, або надішліть сюди фото QR-коду, або введіть номер картки.

## Sandbox web chat (plain text: no markup)
sandbox-title = Пісочниця бота лояльності
sandbox-tagline = Справжній бот на емуляторі Telegram. Кожен чат — одна людина, яка з ним розмовляє.
sandbox-add-customer = + Покупець
sandbox-new-customer-name = Ім'я
sandbox-new-customer-language = Мова
sandbox-new-customer-create = Додати
sandbox-cancel = Скасувати
sandbox-role-owner = власник
sandbox-role-cashier = касир
sandbox-role-customer = покупець
sandbox-bot = бот
sandbox-start = Почати
sandbox-empty = Натисніть «Почати», щоб розпочати розмову з ботом.
sandbox-message-placeholder = Повідомлення
sandbox-send = Надіслати
sandbox-menu = Меню
sandbox-attach = Надіслати фото
sandbox-scan = Сканувати
sandbox-scan-prompt = Натисніть на картку покупця в іншому чаті або завантажте її фото.
sandbox-scan-upload = Завантажити фото
sandbox-scan-no-qr = На цьому зображенні немає QR-коду.
sandbox-scan-not-card = Цей QR-код не веде до бота.
sandbox-download = Завантажити
sandbox-edited = змінено
sandbox-offline = Немає зв'язку. Підключаємося знову…
sandbox-error = Щось пішло не так. Спробуйте ще раз.
sandbox-link-copied = Посилання скопійовано

## Bot profile (setMyDescription / setMyShortDescription)
bot-description = Ваша картка лояльності в Telegram: накопичуйте бали з кожної покупки, витрачайте їх на касі, запрошуйте друзів. Натисніть «Старт», щоб отримати картку.
bot-short-description = Картка лояльності: накопичуйте й витрачайте бали

## Privacy
cmd-privacy = Які дані ми зберігаємо
cmd-delete-me = Видалити мої дані
privacy-text =
    <b>Ваші дані</b>
    Ми зберігаємо лише те, що потрібно для картки лояльності:
    • ваш ідентифікатор і чат у Telegram, щоб спілкуватися з вами;
    • ваше ім'я, щоб звертатися до вас і показувати його касиру;
    • обрану мову;
    • номер картки та операції з балами (суми, дати, магазин і касир), щоб вести ваш баланс;
    • хто вас запросив, щоб нарахувати бонус за запрошення.
    QR-коди карток підписані й нічого не розкривають без ключа магазину.
    /delete_me видаляє ваше ім'я, ідентифікатор Telegram і мову та вимикає картку. Магазин зберігає знеособлені записи про бали, потрібні для обліку, і незворотний відбиток вашого ідентифікатора Telegram, щоб повторна реєстрація не давала вітальний бонус удруге.
delete-me-ask = Видалити ваші особисті дані? Картка перестане працювати, а балами більше не можна буде скористатися. Цю дію не можна скасувати.
delete-me-button-confirm = Так, видалити мої дані
delete-me-button-cancel = Скасувати
delete-me-cancelled = Нічого не видалено.
delete-me-done = Ваші особисті дані видалено, картка більше не працює. Натисніть /start, якщо захочете нову картку.

## Promotions
cmd-promos = Увімкнути або вимкнути акції
cmd-promo = Розіслати акцію: /promo текст
promos-on = Акції <b>увімкнено</b>: ви отримуватимете наші пропозиції. Надішліть /promos ще раз, щоб вимкнути їх.
promos-off = Акції <b>вимкнено</b>: пропозицій більше не буде. Чеки й підтвердження надходять як і раніше. Надішліть /promos, щоб знову увімкнути їх.
promo-usage = Напишіть текст акції після команди, наприклад <code>/promo Осінній розпродаж: &lt;b&gt;-20%&lt;/b&gt; на всю каву</code>. Оформлення з застосунку (жирний, курсив, посилання) зберігається. Щоб додати фото, надішліть фото з підписом <code>/promo текст</code>. <code>/promo list</code> покаже заплановані акції.
promo-too-long = Акція довша, ніж Telegram дозволяє в одному повідомленні (4096 символів).
promo-audience-all = Усі
promo-draft =
    Вище — так виглядатиме акція.
    Отримувачі: <b>{ $audience }</b>, { $count ->
        [one] { $count } клієнт
        [few] { $count } клієнти
       *[many] { $count } клієнтів
    } з увімкненими акціями.
    Оберіть отримувачів, за бажання додайте кнопку-посилання й натисніть «Надіслати» або «Запланувати».
promo-button-send = 📣 Надіслати
promo-button-discard = Видалити
promo-discarded = Акцію видалено, нічого не надіслано.
promo-started = { $count ->
        [one] Надсилаємо { $count } клієнту
       *[other] Надсилаємо { $count } клієнтам
    }
promo-progress =
    <b>Акція №{ $id }</b>: { $status ->
        [sending] надсилається…
        [paused] на паузі
        [cancelled] скасована
       *[done] готово
    }
    Надіслано: { $sent }
    Не доставлено: { $failed }
    Заблокували бота: { $blocked }
    Акції вимкнено: { $skipped }
    Залишилось: { $remaining }
promo-button-pause = ⏸ Пауза
promo-button-resume = ▶️ Продовжити
promo-button-cancel = ✖️ Скасувати

## Points expiry
expiry-warning = ⏳ { $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    } на вашій картці згорять { $date }. Встигніть витратити!
expiry-done = ⌛ Згоріло { $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    }. Баланс: { $balance ->
        [one] { $balance } бал
        [few] { $balance } бали
       *[many] { $balance } балів
    }.
