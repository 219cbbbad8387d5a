"""Awareness quizzes: question bank, generated cloze questions, the quiz flow and unit reports.

Modules, one concern each: ``models`` (shapes, validated), ``bank`` (YAML loading),
``generate`` (cloze questions from the store), ``draw`` and ``scoring`` (pure rules),
``render`` (buttons and texts; payloads are encoded by ``bot.payloads``), ``flow`` (the dialogue), ``report`` and
``chart`` (the awareness report). State lives in ``bot.storage.quiz``.
"""
