"""The admin console's logic, apart from HTTP: passwords, sign-in policy, charts, documents, reloads.

The routes live in ``bot.server.console`` (only ``bot/server`` imports FastAPI); what they
call lives here so that it can be tested and reused without a web server.
"""
