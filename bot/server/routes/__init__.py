"""One router per resource: the page, the chat API, webhooks, operations and admin."""
