"""Report arithmetic on a synthetic set of attempts stored in real SQLite, checked by hand."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta, timezone

import pytest
from matplotlib import image as mpimg

from bot.quiz.chart import render_chart
from bot.quiz.models import Unit, UnitList
from bot.quiz.report import AwarenessReport, build_report, parse_period, period, report_text, units_csv
from bot.storage.database import LOCAL_TZ, Storage
from bot.storage.quiz import QuizStore

UNITS = UnitList(
    organisation="UBND xã Thử Nghiệm",
    target=80,
    units=(Unit(id="vp", name="Văn phòng", target=80), Unit(id="tp", name="Tư pháp", target=100),
           Unit(id="yt", name="Y tế", target=80)),
)
DAY = datetime(2025, 3, 1, 9, 0, tzinfo=LOCAL_TZ)  # day 1 of the period, 09:00 local


def _question(question_id: str, topic: str) -> dict[str, object]:
    return {"id": question_id, "topic": topic, "question": f"Câu hỏi {question_id}?", "options": ["A", "B", "C"],
            "correct": 0, "explanation": "Giải thích.", "source": "Nguồn thử"}


async def _attempt(
    store: QuizStore, storage: Storage, user: str, unit: str, day: int, passed: bool, answers: list[tuple[str, str, bool]]
) -> None:
    """One finished attempt of ``user`` on ``day`` (1-based) with the given answers."""
    user_id = await storage.upsert_user(channel="web", external_id=user)
    at = DAY + timedelta(days=day - 1)
    attempt, _ = await store.start_attempt(
        user_id=user_id, unit=unit, questions=[_question(q, t) for q, t, _ in answers], pass_percent=80, at=at
    )
    for position, (question_id, topic, right) in enumerate(answers):
        outcome = await store.record_answer(
            attempt_id=attempt.id, user_id=user_id, position=position, question_id=question_id, topic=topic,
            question=f"Câu hỏi {question_id}?", chosen=0 if right else 1, correct=right, at=at,
        )
        assert outcome == "recorded"
    correct = sum(right for _, _, right in answers)
    assert await store.finish_attempt(attempt_id=attempt.id, correct=correct, passed=passed, at=at) is not None


@pytest.fixture
async def report(storage: Storage) -> AwarenessReport:
    """Six people over days 1–20; the period is days 1–10."""
    store = QuizStore(storage)
    q1, q2, q3 = ("q1", "targets"), ("q2", "one_stop"), ("q3", "targets")
    await _attempt(store, storage, "u1", "vp", 1, False, [(*q1, False)])
    await _attempt(store, storage, "u1", "vp", 3, True, [(*q1, True)])  # u1: latest passes
    await _attempt(store, storage, "u2", "vp", 2, True, [(*q2, True)])
    await _attempt(store, storage, "u3", "vp", 2, False, [(*q1, False)])
    await _attempt(store, storage, "u3", "vp", 20, True, [(*q3, True)])  # outside the period
    await _attempt(store, storage, "u4", "tp", 1, True, [(*q2, True)])
    await _attempt(store, storage, "u4", "tp", 4, False, [(*q3, False)])  # u4: latest fails
    await _attempt(store, storage, "u5", "tp", 5, True, [(*q2, True)])
    await _attempt(store, storage, "u6", "cu", 6, True, [(*q1, True)])  # a unit no longer configured
    since, until, label = period(date(2025, 3, 1), date(2025, 3, 10), now=DAY + timedelta(days=30))
    return await build_report(store, UNITS, since=since, until=until, period_label=label)


def test_units_and_organisation_by_hand(report: AwarenessReport) -> None:
    # vp: u1 (latest passes), u2 (passes), u3 (fails in the period) → 3 surveyed, 2 passed, 66.7%;
    #     target 80% → gap 13.3 points; needs ceil(0.8 × 3) = 3 passed → 1 more.
    # tp: u4 (latest fails), u5 (passes) → 2 surveyed, 1 passed, 50%; target 100% → needs 1 more.
    # yt: nobody. cu: u6 → 1 surveyed, 1 passed, default target 80% → met.
    rows = {row.unit_id: row for row in report.units}
    assert [row.unit_id for row in report.units] == ["vp", "tp", "yt", "cu"]
    assert (rows["vp"].surveyed, rows["vp"].passed, rows["vp"].needed) == (3, 2, 1)
    assert rows["vp"].rate == pytest.approx(200 / 3) and rows["vp"].gap == pytest.approx(80 - 200 / 3)
    assert (rows["tp"].surveyed, rows["tp"].passed, rows["tp"].rate, rows["tp"].gap, rows["tp"].needed) == (2, 1, 50, 50, 1)
    assert (rows["yt"].surveyed, rows["yt"].rate, rows["yt"].gap, rows["yt"].needed) == (0, None, None, 0)
    assert (rows["cu"].surveyed, rows["cu"].passed, rows["cu"].target, rows["cu"].gap) == (1, 1, 80, -20)
    # Organisation: 6 people, 4 passed (u1, u2, u5, u6) → 66.7%; ceil(0.8 × 6) = 5 → 1 more.
    org = report.organisation
    assert (org.surveyed, org.passed, org.needed) == (6, 4, 1)
    assert org.rate == pytest.approx(200 / 3)
    assert report.attempts == 8  # 9 finished attempts stored; u3's day-20 one is outside the period


def test_topics_and_questions_lowest_first(report: AwarenessReport) -> None:
    # In the period: q1 answered 4× (u1 ✗, u1 ✓, u3 ✗, u6 ✓) → 2/4; q2 3× all right → 3/3;
    # q3 once (u4 ✗) → 0/1. Topics: targets = q1 + q3 = 2/5 = 40%; one_stop 3/3.
    assert [(q.item_id, q.correct, q.answered) for q in report.questions] == [("q3", 0, 1), ("q1", 2, 4), ("q2", 3, 3)]
    assert [(t.item_id, t.correct, t.answered) for t in report.topics] == [("targets", 2, 5), ("one_stop", 3, 3)]
    assert report.topics[0].share == pytest.approx(40.0)


def test_text_and_csv(report: AwarenessReport) -> None:
    text = report_text(report)
    assert "Kỳ báo cáo: 01/03/2025 – 10/03/2025." in text
    assert "- Văn phòng: 3 người được khảo sát, 2 người đạt (66,7%); chỉ tiêu 80% → còn thiếu 13,3 điểm % (cần thêm 1 người đạt)" in text
    assert "- Y tế: chưa có ai hoàn thành khảo sát (chỉ tiêu 80%)" in text
    assert "- cu: 1 người được khảo sát, 1 người đạt (100%); chỉ tiêu 80% → đạt chỉ tiêu" in text
    assert "Toàn cơ quan (UBND xã Thử Nghiệm): 6 người được khảo sát, 4 người đạt (66,7%)" in text
    assert "1. Mục tiêu, chỉ tiêu CCHC: 40% (2/5 câu trả lời đúng)" in text
    rows = list(csv.reader(io.StringIO(units_csv(report).decode("utf-8-sig"))))
    assert rows[0][0] == "Mã đơn vị"
    # Practice attempts left out (issue 12), then no headcounts (coverage cells empty).
    assert rows[1] == ["vp", "Văn phòng", "3", "2", "66.7", "80.0", "13.3", "1", "0", "", "", ""]
    assert rows[3] == ["yt", "Y tế", "0", "0", "", "80.0", "", "0", "0", "", "", ""]
    assert rows[-1][:4] == ["Toàn cơ quan", "UBND xã Thử Nghiệm", "6", "4"]


def test_chart_is_a_png_with_one_bar_per_unit(report: AwarenessReport) -> None:
    chart = render_chart(report)
    assert chart.png.startswith(b"\x89PNG\r\n\x1a\n")
    pixels = mpimg.imread(io.BytesIO(chart.png), format="png")
    assert pixels.ndim == 3 and pixels.shape[0] > 100
    assert chart.bars == len(report.units) == 4
    assert chart.labels == ("Văn phòng", "Tư pháp", "Y tế", "cu")


def test_period_parsing() -> None:
    now = datetime(2025, 6, 1, 3, 0, tzinfo=timezone.utc)
    since, until, label = parse_period("01/03/2025 2025-03-10", now=now)
    assert since == datetime(2025, 2, 28, 17, 0, tzinfo=timezone.utc)  # local midnight (UTC+7)
    assert until.astimezone(LOCAL_TZ).date() == date(2025, 3, 10)
    since, until, label = parse_period("", now=now)
    assert until == now and label == "Kỳ báo cáo: toàn bộ dữ liệu đến 01/06/2025."
    for bad in ("hôm-qua", "2025-03-10 2025-03-01", "1/1/2025 2/1/2025 3/1/2025"):
        with pytest.raises(ValueError):
            parse_period(bad, now=now)
