"""A knowledge reload keeps the query cache: a vector depends on the model, not on the store."""

from __future__ import annotations

from dialogue_helpers import SmallKnowledge


def test_query_vectors_survive_a_rebuild(small: SmallKnowledge) -> None:
    kb = small.knowledge
    question = "Kế hoạch tuyên truyền CCHC năm 2024 của Sở LĐTBXH Bình Phước có mục đích gì?"
    kb.answer(question)
    before = kb.embedder.hits
    old_answerer = kb.answerer
    kb.rebuild()
    assert kb.answerer is not old_answerer  # a new store and retriever are live
    answer = kb.answer(question)
    assert kb.embedder.hits > before
    assert answer.found
