# Інтеграція з касою: API-ключі (/apikey) і вихідні вебхуки (/webhook). HTML: екрануйте & < >.

cmd-apikey = API-ключі для касової системи

apikey-usage = Створіть ключ для касової системи: <code>/apikey new Каса 1</code> (будь-яка назва). Він показується один раз; каса передає його як <code>Authorization: Bearer …</code>. Приклад — у розділі README «Connect your POS».
apikey-name-too-long = Задовга назва: максимум { $max ->
        [one] { $max } символ
        [few] { $max } символи
       *[many] { $max } символів
    }.
apikey-created =
    🔑 Новий API-ключ «{ $name }». Скопіюйте його зараз: він показується лише один раз, ми зберігаємо тільки його відбиток.

    <code>{ $key }</code>

    Відкликати ключ можна будь-коли в /apikey.
apikey-list-empty = API-ключів ще немає. Створіть ключ: <code>/apikey new Каса 1</code> (будь-яка назва).
apikey-list-title = <b>API-ключі</b>
apikey-line = • <b>{ $name }</b> (…{ $hint }): створено { $created }, використано { $used }
apikey-never-used = жодного разу
apikey-button-revoke = Відкликати { $name }
apikey-revoked = Ключ «{ $name }» відкликано: запити з ним більше не приймаються.
apikey-already-revoked = Цей ключ уже відкликано.

cmd-webhook = Вебхуки: повідомляти інші системи про події

webhook-usage = Додайте адресу: <code>/webhook add https://pos.example.com/hooks</code>. Ми надсилаємо туди події (purchase.created, purchase.refunded, purchase.undone, redemption.confirmed, redemption.declined, customer.created, customer.erased) з підписом за стандартом Standard Webhooks.
webhook-added =
    🔔 Адресу для вебхуків додано: { $url }
    Секрет для підпису, показується лише один раз (перевіряйте ним заголовок <code>webhook-signature</code>):

    <code>{ $secret }</code>
webhook-url-invalid = Це не адреса. Приклад: <code>/webhook add https://pos.example.com/hooks</code>
webhook-url-not-https = Приймаються лише адреси https://.
webhook-url-private = Приватні, локальні та loopback-адреси не приймаються: вкажіть публічну https-адресу вашого сервера.
webhook-list-empty = Адрес для вебхуків ще немає. Додайте: <code>/webhook add https://pos.example.com/hooks</code>.
webhook-list-title = <b>Адреси для вебхуків</b>
webhook-line = { $n }. { $url }
    { $health } · у черзі: { $pending }
webhook-health-new = 🆕 ще нічого не надіслано
webhook-health-ok = ✅ доставляється (останній успіх { $when })
webhook-health-failing = ⚠️ помилки з { $since }: { $error }
webhook-health-disabled = ⛔ вимкнено з { $since }: надто довго не відповідав
webhook-button-remove = Видалити { $n }
webhook-button-enable = Увімкнути { $n }
webhook-removed = Видалено { $url }.
webhook-enabled = Увімкнено { $url }: події з черги надсилаються знову.
webhook-gone = Цю адресу вже змінено.
webhook-disabled-notice = ⛔ Адреса { $url } постійно повертала помилку ({ $error }), тому ми перестали надсилати туди події. Виправте її і натисніть «Увімкнути» в /webhook.
