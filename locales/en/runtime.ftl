# The update inbox (src/serve/workers.rs): what a user hears when their message could not be
# handled after several attempts, or was part of a flood.
update-failed = Sorry, something went wrong with your last message. Please try again in a minute.
update-flood = You are sending messages very fast, so I skipped some of them. Please wait a moment and send what you need once.
