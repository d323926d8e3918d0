# The update inbox (src/serve/workers.rs): what a user hears when their message could not be
# handled after several attempts, or was part of a flood.
update-failed = Извините, с вашим последним сообщением что-то пошло не так. Пожалуйста, попробуйте ещё раз через минуту.
update-flood = Вы отправляете сообщения очень быстро, поэтому часть из них я пропустил. Подождите немного и отправьте нужное один раз.
