"""Which office's plan: a question back when several offices' plans fit equally.

Each office (a Sở, a district, an industrial-zone board) writes its own propaganda plan with
its own targets, forms and budget. "Mục tiêu của kế hoạch tuyên truyền là gì?" names no
office, and the plans of several fit about equally: answering from one of them would pass
its targets off as the answer. The citizen picks the office (one button each); the pick
asks the question again with the office named, which the retriever then recognises.
"""

from __future__ import annotations

from bot import messages
from bot.answer.extract import clip_words
from bot.answer.focus import YEAR
from bot.answer.models import Answer, Choice
from bot.retrieval.base import Hit
from bot.retrieval.hybrid import HybridRetriever

# The document type of the offices' plans (indexer/structure.py).
PLAN_DOC_TYPE = "Kế hoạch"
# About what a chat button shows.
CHOICE_LABEL_CHARS = 60


def which_plan(
    question: str, hits: list[Hit], retriever: HybridRetriever, *, tie_ratio: float, max_choices: int
) -> Answer | None:
    """The question back, or None when the question names an office, a place or a document,
    the best hit is no plan, or a single office's plan leads.

    Args:
        question: As asked (a first question; in a conversation the office is known).
        hits: The evidence, best first.
        tie_ratio: A plan of another office whose best hit scores at least this share of the
            best one fits as well.
        max_choices: Buttons at most.
    """
    store = retriever.store
    if retriever.split_identity(question)[0] or any(h.ref for h in hits[:1]):
        return None
    top = store.documents.get(store.chunks[hits[0].index].doc_id)
    if top is None or top.doc_type != PLAN_DOC_TYPE:
        return None
    # A year the question names must be in the plan (its title or the passage found): "năm
    # 2024" is not asked of a plan that runs "từ nay đến năm 2030" and never names 2024.
    years = [m.group(0) for m in YEAR.finditer(question)]
    offices: list[str] = []
    for hit in hits:
        chunk = store.chunks[hit.index]
        meta = store.documents.get(chunk.doc_id)
        if hit.score < tie_ratio * hits[0].score or meta is None or meta.doc_type != PLAN_DOC_TYPE:
            continue
        if any(year not in f"{meta.title} {meta.date_text or ''} {chunk.text}" for year in years):
            continue
        if meta.issuer and meta.issuer not in offices:
            offices.append(meta.issuer)
    if len(offices) < 2:
        return None
    asked = question.strip().rstrip(" ?.!…")
    choices = [Choice(label=_label(office), question=f"{asked} của {office}?") for office in offices[:max_choices]]
    return Answer(question=question, found=False, kind="clarify", direct=messages.CLARIFY_PLAN, choices=choices)


def _label(office: str) -> str:
    return office if len(office) <= CHOICE_LABEL_CHARS else clip_words(office, CHOICE_LABEL_CHARS)
