# The update inbox (src/serve/workers.rs): what a user hears when their message could not be
# handled after several attempts, or was part of a flood.
update-failed = Вибачте, з вашим останнім повідомленням щось пішло не так. Будь ласка, спробуйте ще раз за хвилину.
update-flood = Ви надсилаєте повідомлення дуже швидко, тож частину з них я пропустив. Зачекайте трохи й надішліть потрібне один раз.
