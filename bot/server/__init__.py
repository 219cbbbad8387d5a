"""The HTTP server: web chat, JSON API, Zalo OA and Telegram webhooks, health, metrics, admin.

The only package that imports FastAPI. ``create_app(settings)`` builds the ASGI app; its
lifespan loads the knowledge base, opens storage and starts the channels.
"""

from bot.server.app import create_app

__all__ = ["create_app"]
