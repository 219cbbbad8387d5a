"""Curated-answer matching on the dev set it was tuned on: variants, no diacritics, near-misses."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from curated_helpers import DEV_SET, curated, load_set

from bot.curated.matcher import THRESHOLD, CuratedIndex, similarity

TODAY = date(2025, 6, 1)


@pytest.fixture(scope="module")
def dev() -> tuple[CuratedIndex, dict[int, str], list]:
    answers, names, probes = load_set(DEV_SET)
    return CuratedIndex(answers), names, probes


def _served(index: CuratedIndex, names: dict[int, str], question: str) -> str | None:
    match = index.match(question, today=TODAY)
    return names[match.answer.id] if match else None


def test_no_near_miss_or_unrelated_question_is_served(dev) -> None:
    index, names, probes = dev
    wrong = [(p.question, _served(index, names, p.question)) for p in probes if p.expect is None]
    assert len(wrong) >= 25
    assert [(q, got) for q, got in wrong if got is not None] == []


@pytest.mark.parametrize("kind", ["no_diacritics", "abbreviation"])
def test_every_unaccented_or_abbreviated_variant_is_served(dev, kind: str) -> None:
    index, names, probes = dev
    chosen = [p for p in probes if p.kind == kind]
    assert chosen
    assert [(p.question, _served(index, names, p.question)) for p in chosen] == [(p.question, p.expect) for p in chosen]


def test_paraphrases_are_served_the_right_answer_or_left_to_retrieval(dev) -> None:
    index, names, probes = dev
    outcome = Counter()
    for probe in (p for p in probes if p.kind == "paraphrase"):
        served = _served(index, names, probe.question)
        outcome["right" if served == probe.expect else "none" if served is None else "wrong"] += 1
    assert outcome["wrong"] == 0
    assert outcome["right"] >= 17 and outcome["right"] + outcome["none"] == 18  # the documented 17/18


def test_threshold_sits_in_the_gap_between_the_dev_scores(dev) -> None:
    """The figures docs/admin.md and the matcher's docstring quote: 0.615 below, 0.714 above."""
    index, names, probes = dev
    best = {p.question: index.ranked(p.question, today=TODAY, limit=1) for p in probes}
    negatives = [m[0].score for p in probes if p.expect is None for m in [best[p.question]] if m]
    positives = [m[0].score for p in probes if p.expect for m in [best[p.question]] if m and m[0].score >= THRESHOLD]
    assert max(negatives) == pytest.approx(0.615, abs=0.001)
    assert min(positives) == pytest.approx(0.714, abs=0.001)
    assert max(negatives) < THRESHOLD < min(positives)


@pytest.mark.parametrize(
    ("question", "variant"),
    [
        ("Lệ phí cấp bản sao trích lục kết hôn?", "Lệ phí cấp bản sao trích lục khai sinh?"),  # substituted words
        ("Kế hoạch CCHC năm 2024?", "Kế hoạch CCHC năm 2025?"),  # another year
        ("Tài khoản định danh mức 1?", "Tài khoản định danh mức 2?"),  # another level
        ("", "Giờ làm việc?"),
        ("???", "Giờ làm việc?"),
    ],
)
def test_rules_refuse_whatever_the_overlap(question: str, variant: str) -> None:
    assert similarity(question, variant) == 0.0


def test_diacritics_case_and_abbreviations_do_not_change_the_score() -> None:
    assert similarity("ĐƯỜNG DÂY NÓNG CCHC", "duong day nong cai cach hanh chinh") == 1.0
    assert similarity("Thủ tục hành chính hoà giải", "thu tuc hanh chinh hòa giải") == 1.0


def test_disabled_and_expired_answers_are_not_served_and_expiry_day_is_inclusive() -> None:
    question = "Giờ làm việc của bộ phận một cửa?"
    index = CuratedIndex([
        curated(1, [question], enabled=False),
        curated(2, [question], expires_on=TODAY),
    ])
    assert index.match(question, today=TODAY).answer.id == 2  # the last day still counts
    assert index.match(question, today=TODAY + timedelta(days=1)) is None
    assert CuratedIndex([curated(1, [question], enabled=False)]).match(question, today=TODAY) is None


def test_a_stricter_threshold_refuses_what_the_default_serves() -> None:
    answer = curated(1, ["Giờ làm việc của Bộ phận một cửa huyện?"])
    question = "Cho tôi hỏi giờ làm việc của bộ phận một cửa huyện ạ"
    assert CuratedIndex([answer]).match(question, today=TODAY) is not None
    assert CuratedIndex([answer], threshold=0.9).match(question, today=TODAY) is None
    with pytest.raises(ValueError, match="threshold"):
        CuratedIndex([answer], threshold=0.0)


def test_the_most_recently_updated_answer_wins_a_tie() -> None:
    older = curated(1, ["Giờ làm việc?"], answer="Cũ.")
    newer = older.model_copy(update={"id": 2, "answer": "Mới.", "updated_at": older.updated_at + timedelta(days=1)})
    assert CuratedIndex([older, newer]).match("giờ làm việc", today=TODAY).answer.answer == "Mới."
