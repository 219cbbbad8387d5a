"""Channel adapters: each turns its platform's updates into ``Incoming`` and renders ``Reply``.

Import the adapter modules directly (``bot.channels.telegram``); this package imports none
of them, so that loading one channel never pulls in another channel's SDK.
"""
