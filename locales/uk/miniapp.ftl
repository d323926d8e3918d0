# Міні-застосунок (картка й каса всередині Telegram). Кнопки в чаті:
miniapp-open-card = Відкрити картку
miniapp-menu-card = Картка
miniapp-menu-till = Каса

miniapp-points = { $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    }
miniapp-no-points = Дисконтна картка
miniapp-tier = Рівень: { $tier }
miniapp-next-tier = Ще { $amount } до рівня { $tier }
miniapp-discount = Ваша знижка: { $percent }%
miniapp-discount-apply = Надайте знижку { $percent }%
miniapp-stamps = Штампи: { $collected } з { $every }
miniapp-pending = { $points ->
        [one] { $points } бал зарезервовано для списання
        [few] { $points } бали зарезервовано для списання
       *[many] { $points } балів зарезервовано для списання
    }
miniapp-receipt = Чек №{ $receipt }: { $amount }, { $name }
miniapp-receipt-points = +{ $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    }, баланс { $balance }
miniapp-duplicate-ask = На цю картку ви провели покупку менше хвилини тому. Провести { $amount } ще раз?

miniapp-redeem-asked = { $name } отримує запит у своєму чаті: списати { $points ->
        [one] { $points } бал
        [few] { $points } бали
       *[many] { $points } балів
    }. Проведіть покупку після підтвердження.

miniapp-ui-title-card = Моя картка
miniapp-ui-title-till = Каса
miniapp-ui-loading = Завантаження…
miniapp-ui-error = Щось пішло не так. Спробуйте ще раз.
miniapp-ui-retry = Повторити
miniapp-ui-no-card = У вас ще немає картки: натисніть «Почати» в чаті з ботом.
miniapp-ui-outside-telegram = Відкрийте цю сторінку з бота в Telegram.
miniapp-ui-history = Останні операції
miniapp-ui-history-empty = Операцій поки немає.
miniapp-ui-coupons = Купони до застосування
miniapp-ui-card-number = Номер картки
miniapp-ui-scan = Сканувати картку
miniapp-ui-scan-prompt = Наведіть камеру на картку покупця
miniapp-ui-or-number = або введіть номер картки
miniapp-ui-number-placeholder = 12 цифр
miniapp-ui-open = Відкрити
miniapp-ui-photo = Фото QR-коду
miniapp-ui-amount = Сума покупки
miniapp-ui-post = Провести
miniapp-ui-undo = Скасувати
miniapp-ui-next-customer = Наступний покупець
miniapp-ui-close-card = Закрити
miniapp-ui-post-anyway = Все одно провести
miniapp-ui-redeem-hint = Списання балів покупець підтверджує у своєму чаті; потім проведіть покупку.
miniapp-ui-redeem = Списати бали
miniapp-ui-points = Скільки балів списати

# Налаштування зображення картки (/settings).
settings-group-card = <b>Зображення картки</b>
settings-name-shop-name = Назва магазину
settings-name-shop-colour = Колір картки
settings-prompt-shop-name = Надішліть назву магазину, як її показувати на картці (до 40 символів).
settings-prompt-colour = Надішліть колір картки у вигляді #rrggbb, наприклад #2b6cb0 (достатньо темний для білого тексту).
settings-error-not-a-colour = Це не колір: надішліть #rrggbb, наприклад #2b6cb0.
settings-error-too-light = Цей колір надто світлий для білого тексту на картці: оберіть темніший.

# Графік /stats (малює plotters).
chart-members-title = Учасники за днями
chart-points-title = Нараховано і списано балів
chart-axis-date = Дата
chart-axis-members = Учасники
chart-axis-points = Бали
chart-legend-members = Учасники
chart-legend-issued = Нараховано
chart-legend-redeemed = Списано
