"""Contest rounds (hội thi tìm hiểu CCHC): the same questions for everyone, timed, ranked.

Modules: ``rounds`` (what an admin opens, which questions), ``flow`` (the dialogue and the
admin commands), ``ranking`` (pure ordering rules), ``render`` (texts, keyboards, CSV),
``cli`` (``cchc contest``). State lives in ``bot.storage.contest``.
"""
