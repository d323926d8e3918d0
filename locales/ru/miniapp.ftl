# Мини-приложение (карта и касса внутри Telegram). Кнопки в чате:
miniapp-open-card = Открыть карту
miniapp-menu-card = Карта
miniapp-menu-till = Касса

miniapp-points = { $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    }
miniapp-no-points = Дисконтная карта
miniapp-tier = Уровень: { $tier }
miniapp-next-tier = Ещё { $amount } до уровня { $tier }
miniapp-discount = Ваша скидка: { $percent }%
miniapp-discount-apply = Дайте скидку { $percent }%
miniapp-stamps = Штампы: { $collected } из { $every }
miniapp-pending = { $points ->
        [one] { $points } балл зарезервирован для списания
        [few] { $points } балла зарезервированы для списания
       *[many] { $points } баллов зарезервированы для списания
    }
miniapp-receipt = Чек №{ $receipt }: { $amount }, { $name }
miniapp-receipt-points = +{ $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    }, баланс { $balance }
miniapp-duplicate-ask = По этой карте вы провели покупку меньше минуты назад. Провести { $amount } ещё раз?

miniapp-redeem-asked = { $name } получает запрос в своём чате: списать { $points ->
        [one] { $points } балл
        [few] { $points } балла
       *[many] { $points } баллов
    }. Проведите покупку после подтверждения.

miniapp-ui-title-card = Моя карта
miniapp-ui-title-till = Касса
miniapp-ui-loading = Загрузка…
miniapp-ui-error = Что-то пошло не так. Попробуйте ещё раз.
miniapp-ui-retry = Повторить
miniapp-ui-no-card = У вас ещё нет карты: нажмите «Запустить» в чате с ботом.
miniapp-ui-outside-telegram = Откройте эту страницу из бота в Telegram.
miniapp-ui-history = Последние операции
miniapp-ui-history-empty = Операций пока нет.
miniapp-ui-coupons = Купоны к применению
miniapp-ui-card-number = Номер карты
miniapp-ui-scan = Сканировать карту
miniapp-ui-scan-prompt = Наведите камеру на карту покупателя
miniapp-ui-or-number = или введите номер карты
miniapp-ui-number-placeholder = 12 цифр
miniapp-ui-open = Открыть
miniapp-ui-photo = Фото QR-кода
miniapp-ui-amount = Сумма покупки
miniapp-ui-post = Провести
miniapp-ui-undo = Отменить
miniapp-ui-next-customer = Следующий покупатель
miniapp-ui-close-card = Закрыть
miniapp-ui-post-anyway = Всё равно провести
miniapp-ui-redeem-hint = Списание баллов покупатель подтверждает в своём чате; затем проведите покупку.
miniapp-ui-redeem = Списать баллы
miniapp-ui-points = Сколько баллов списать

# Настройки изображения карты (/settings).
settings-group-card = <b>Изображение карты</b>
settings-name-shop-name = Название магазина
settings-name-shop-colour = Цвет карты
settings-prompt-shop-name = Пришлите название магазина, как его показывать на карте (до 40 символов).
settings-prompt-colour = Пришлите цвет карты в виде #rrggbb, например #2b6cb0 (достаточно тёмный для белого текста).
settings-error-not-a-colour = Это не цвет: пришлите #rrggbb, например #2b6cb0.
settings-error-too-light = Этот цвет слишком светлый для белого текста на карте: выберите темнее.

# График /stats (рисуется plotters).
chart-members-title = Участники по дням
chart-points-title = Начислено и списано баллов
chart-axis-date = Дата
chart-axis-members = Участники
chart-axis-points = Баллы
chart-legend-members = Участники
chart-legend-issued = Начислено
chart-legend-redeemed = Списано
