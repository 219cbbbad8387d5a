"""Every knob of answering in one place: scope, pool, extraction, length, declines, fusion.

The values were tuned on ``tests/data/qa_dev.jsonl``, ``tests/data/unanswerable_dev.jsonl``
and ``tests/data/dialogues_dev.jsonl`` (the held-out ``*_test`` files are for reporting).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.retrieval.hybrid import FusionConfig


@dataclass(frozen=True)
class ScopeThresholds:
    """When a question counts as answered.

    A question is in scope when the share of its IDF mass found in one of the top passages
    reaches ``min_coverage``, or reaches ``weak_coverage`` while the best passage is also
    semantically close (cosine at least ``strong_dense``; e5 scores of unrelated Vietnamese
    text sit around 0.78-0.86, paraphrases of a passage above 0.87). Coverage mixes words
    and phrases (see ``bot.answer.scope``). ``min_coverage`` 0.55 (was 0.45): on the dev
    sets it declines 7 points more of the unanswerable questions for 0.7 point of QA.
    """

    min_coverage: float = 0.55
    weak_coverage: float = 0.25
    strong_dense: float = 0.87
    min_dense: float = 0.78
    candidates: int = 3


@dataclass(frozen=True)
class AnswerConfig:
    """How an answer is chosen and laid out.

    Attributes:
        scope: When the knowledge base covers a question at all.
        fusion: How the retrievers' lists are fused (``bot.retrieval.hybrid``).
        body_chars: Budget of the direct answer plus its supporting lines. Phone screens
            in Zalo and Telegram show about 500 characters before scrolling; the citation
            and the buttons come on top.
        list_chars: Budget when the answer is a list (the best unit opens a list or is one
            of its items): "những nội dung nào" asks for the list, and a list cut after two
            items answers it wrongly.
        max_details: Supporting lines under the direct answer, at most (the budget binds first
            for quoted text; this bounds a procedure's list fields).
        unsure_ratio: When the second-best unit scores at least this share of the best, the
            ranking is a near tie and the longer budget is used.
        more_buttons: "Xem thêm" buttons (other sections, other documents), at most.
        plan_tie_ratio: Plans of other offices whose best hit scores at least this share of
            the best one fit equally well: when the question names no office, it is asked
            which one (at most ``plan_choices`` buttons) instead of guessing.
        pool_size: Chunks an answer may draw on when their fused score is at least
            ``pool_min_ratio`` of the best one, each weighted by that share (not by rank:
            near-equal scores are near-equal evidence): a fact often sits in the
            second-ranked bullet list.
        sibling_share: A section too long for one chunk is split at bullet boundaries and
            the list a question asks for often continues in the next piece; pieces of the
            same section join the pool at this share of their sibling's weight, at most
            ``max_siblings`` each.
        key_term_margin: A hit below the pool whose chunk holds at least this much more of
            the question's own words (IDF share, the document's title and the office cut)
            than every pooled section joins the pool as the best: a heading the question
            happens to name ("yêu cầu") must not hide the one section that has its words.
        title_word_share: Weight of a question word that is also in the best document's
            title, when choosing the sentences to quote: every unit of the plan is about
            its title, so those words should not decide which one answers (0.2, was
            0.5: boilerplate such as "Trên cơ sở Kế hoạch này…" restates the title and
            outscored the answering bullet).
        section_boost: A chunk whose own heading the question names ("mục đích", "đối
            tượng") is the section asked for: its units weigh this much more. Its bullets
            rarely repeat the question's words, so the heading is their main evidence.
    """

    scope: ScopeThresholds = field(default_factory=ScopeThresholds)
    fusion: FusionConfig = field(default_factory=FusionConfig)
    body_chars: int = 450
    list_chars: int = 800
    max_details: int = 30
    more_buttons: int = 2
    pool_size: int = 5
    pool_min_ratio: float = 0.6
    sibling_share: float = 0.85
    max_siblings: int = 3
    key_term_margin: float = 0.25
    title_word_share: float = 0.2
    section_boost: float = 1.0
    unsure_ratio: float = 0.9
    plan_tie_ratio: float = 0.9
    plan_choices: int = 3
