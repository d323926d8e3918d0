# Интеграция с кассой: API-ключи (/apikey) и исходящие вебхуки (/webhook). HTML: экранируйте & < >.

cmd-apikey = API-ключи для кассовой системы

apikey-usage = Создайте ключ для кассовой системы: <code>/apikey new Касса 1</code> (любое имя). Он показывается один раз; касса передаёт его как <code>Authorization: Bearer …</code>. Пример — в разделе README «Connect your POS».
apikey-name-too-long = Слишком длинное имя: максимум { $max ->
        [one] { $max } символ
        [few] { $max } символа
       *[many] { $max } символов
    }.
apikey-created =
    🔑 Новый API-ключ «{ $name }». Скопируйте его сейчас: он показывается только один раз, мы храним лишь его отпечаток.

    <code>{ $key }</code>

    Отозвать ключ можно в любой момент в /apikey.
apikey-list-empty = API-ключей пока нет. Создайте ключ: <code>/apikey new Касса 1</code> (любое имя).
apikey-list-title = <b>API-ключи</b>
apikey-line = • <b>{ $name }</b> (…{ $hint }): создан { $created }, использован { $used }
apikey-never-used = ни разу
apikey-button-revoke = Отозвать { $name }
apikey-revoked = Ключ «{ $name }» отозван: запросы с ним больше не принимаются.
apikey-already-revoked = Этот ключ уже отозван.

cmd-webhook = Вебхуки: сообщать другим системам о событиях

webhook-usage = Добавьте адрес: <code>/webhook add https://pos.example.com/hooks</code>. Мы отправляем туда события (purchase.created, purchase.refunded, purchase.undone, redemption.confirmed, redemption.declined, customer.created, customer.erased) с подписью по стандарту Standard Webhooks.
webhook-added =
    🔔 Адрес для вебхуков добавлен: { $url }
    Секрет для подписи, показывается только один раз (проверяйте им заголовок <code>webhook-signature</code>):

    <code>{ $secret }</code>
webhook-url-invalid = Это не адрес. Пример: <code>/webhook add https://pos.example.com/hooks</code>
webhook-url-not-https = Принимаются только адреса https://.
webhook-url-private = Частные, локальные и loopback-адреса не принимаются: укажите публичный https-адрес вашего сервера.
webhook-list-empty = Адресов для вебхуков пока нет. Добавьте: <code>/webhook add https://pos.example.com/hooks</code>.
webhook-list-title = <b>Адреса для вебхуков</b>
webhook-line = { $n }. { $url }
    { $health } · в очереди: { $pending }
webhook-health-new = 🆕 ещё ничего не отправлено
webhook-health-ok = ✅ доставляется (последний успех { $when })
webhook-health-failing = ⚠️ ошибки с { $since }: { $error }
webhook-health-disabled = ⛔ отключён с { $since }: слишком долго не отвечал
webhook-button-remove = Удалить { $n }
webhook-button-enable = Включить { $n }
webhook-removed = Удалён { $url }.
webhook-enabled = Включён { $url }: события из очереди отправляются снова.
webhook-gone = Этот адрес уже изменён.
webhook-disabled-notice = ⛔ Адрес { $url } постоянно возвращал ошибку ({ $error }), поэтому мы перестали отправлять туда события. Исправьте его и нажмите «Включить» в /webhook.
