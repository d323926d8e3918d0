# POS integration: API keys (/apikey) and outbound webhooks (/webhook). HTML: escape & < >.

cmd-apikey = API keys for your POS system

apikey-usage = Create a key for your till system with <code>/apikey new Front till</code> (any name). It is shown once; the POS sends it as <code>Authorization: Bearer …</code>. The README's "Connect your POS" has an example.
apikey-name-too-long = The name is too long: at most { $max ->
        [one] { $max } character
       *[other] { $max } characters
    }.
apikey-created =
    🔑 New API key «{ $name }». Copy it now: it is shown only this once and we keep only a fingerprint of it.

    <code>{ $key }</code>

    Revoke it any time in /apikey.
apikey-list-empty = No API keys yet. Create one with <code>/apikey new Front till</code> (any name).
apikey-list-title = <b>API keys</b>
apikey-line = • <b>{ $name }</b> (…{ $hint }): created { $created }, last used { $used }
apikey-never-used = never
apikey-button-revoke = Revoke { $name }
apikey-revoked = Key «{ $name }» revoked: requests with it are refused from now on.
apikey-already-revoked = This key was already revoked.

cmd-webhook = Webhooks: tell your other systems what happens

webhook-usage = Add an endpoint with <code>/webhook add https://pos.example.com/hooks</code>. We POST events there (purchase.created, purchase.refunded, purchase.undone, redemption.confirmed, redemption.declined, customer.created, customer.erased), signed as Standard Webhooks specifies.
webhook-added =
    🔔 Webhook endpoint added: { $url }
    Its signing secret, shown only this once (verify the <code>webhook-signature</code> header with it):

    <code>{ $secret }</code>
webhook-url-invalid = That is not a URL. Example: <code>/webhook add https://pos.example.com/hooks</code>
webhook-url-not-https = Only https:// URLs are allowed.
webhook-url-private = Private, loopback and local addresses are not allowed: use the public https address of your server.
webhook-list-empty = No webhook endpoints yet. Add one with <code>/webhook add https://pos.example.com/hooks</code>.
webhook-list-title = <b>Webhook endpoints</b>
webhook-line = { $n }. { $url }
    { $health } · waiting: { $pending }
webhook-health-new = 🆕 nothing sent yet
webhook-health-ok = ✅ delivering (last success { $when })
webhook-health-failing = ⚠️ failing since { $since }: { $error }
webhook-health-disabled = ⛔ disabled since { $since } after failing for too long
webhook-button-remove = Remove { $n }
webhook-button-enable = Enable { $n }
webhook-removed = Removed { $url }.
webhook-enabled = Enabled { $url }: waiting events are sent again.
webhook-gone = This endpoint was already changed.
webhook-disabled-notice = ⛔ Webhook endpoint { $url } kept failing ({ $error }), so we stopped sending to it. Fix it, then press Enable in /webhook.
