"""Optional answers written by a language model and checked against the cited passages (docs/llm.md).

Nothing here is imported unless ``CCHC_LLM_URL`` is set (see ``bot.knowledge``).
"""
