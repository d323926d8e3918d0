## /phone: points imported from the shop's previous system, claimed by sharing the phone number
cmd-phone = Bring points from your old card
phone-ask = Had points in our previous loyalty system? Share your phone number with the button below and we will move them to this card. We use the number only to find those points.
phone-button = 📱 Share my phone number
phone-not-yours = Please share your own number with the button from /phone, not someone else's contact.
phone-credited = Done: <b>{ $points ->
        [one] { $points } point
       *[other] { $points } points
    }</b> from your old card are now on this one.
phone-already = The points for this number are already on your card.
phone-taken = The points for this number were already moved to another card. If that is wrong, please ask the staff.
phone-nothing = We found no points from the old system for this number.
