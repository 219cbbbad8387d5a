"""The survey report: the 95% comparison and its margin of error worked out by hand, per question, per group."""

from __future__ import annotations

import csv
import io
import math
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from matplotlib import image as mpimg

from bot import messages
from bot.quiz.bank import load_units
from bot.quiz.report import compute_report
from bot.storage.database import Storage
from bot.storage.quiz import FinishedAttempt
from bot.storage.survey import SurveyAnswer, SurveyStore
from bot.survey.chart import render_targets_chart
from bot.survey.loader import load_survey
from bot.survey.report import build_survey_report, compute_survey_report, survey_csv, survey_text
from bot.survey.stats import Estimate, wilson_interval
from bot.survey.targets import TargetsReport, targets_text

REPO = Path(__file__).resolve().parents[2]
SURVEY = load_survey(REPO / "knowledge" / "survey" / "khao-sat.yaml")
assert SURVEY is not None
DAY = date(2025, 11, 10)
STATUSES = {"offered": 0, "started": 0, "done": 40, "skipped": 0}


def _answers(question: str, counts: dict[tuple[str, str, str], int], start: int = 0) -> list[SurveyAnswer]:
    """``counts[(option, channel, place)]`` answers to ``question``, one response each."""
    answers, number = [], start
    for (option, channel, place), count in counts.items():
        for _ in range(count):
            number += 1
            answers.append(SurveyAnswer(response_id=number, channel=channel, place=place, period="2025-Q4", position=0,
                                        question_id=question, option_id=option, answered_on=DAY))
    return answers


# 40 citizens: 36 "hiểu rõ" (20 on Zalo, 16 on Telegram), 3 "một phần", 1 "chưa hiểu".
KEY = _answers("hieu-cchc", {
    ("hieu-ro", "zalo", "phuong-1"): 20, ("hieu-ro", "telegram", ""): 16,
    ("mot-phan", "zalo", "phuong-1"): 2, ("mot-phan", "telegram", ""): 1, ("chua-hieu", "telegram", ""): 1,
})
# 10 answers on time-keeping: 6 on time, 2 late, 2 never did a procedure (not counted).
ON_TIME = _answers("dung-hen", {("dung-hen", "zalo", ""): 6, ("tre-hen", "zalo", ""): 2, ("chua-lam", "zalo", ""): 2}, start=100)


def test_wilson_by_hand() -> None:
    # 36 of 40, z = 1.96 (z² = 3.8416):
    #   p = 0.9; denominator = 1 + 3.8416/40 = 1.09604
    #   centre = (0.9 + 3.8416/80) / 1.09604 = 0.94802 / 1.09604 = 0.86495
    #   half = 1.96 × √(0.9 × 0.1 / 40 + 3.8416 / 6400) / 1.09604
    #        = 1.96 × √(0.00225 + 0.00060025) / 1.09604 = 1.96 × 0.053388 / 1.09604 = 0.095471
    #   → 76.95% – 96.04%: the 95% target lies inside, so the sample cannot settle it.
    low, high = wilson_interval(36, 40)
    assert low == pytest.approx(0.76948, abs=2e-4) and high == pytest.approx(0.96042, abs=2e-4)
    estimate = Estimate(36, 40)
    assert estimate.share == 90 and estimate.verdict(95) == "inconclusive"
    assert estimate.margin == pytest.approx(90 - 76.948, abs=0.02)  # the wider side: 13.05 points below
    # 200 of 200: the lower end is n / (n + z²) = 200 / 203.8416 = 98.12% ≥ 95% → reached, even for the
    # strict reader; the normal approximation would claim 100% ± 0.
    assert wilson_interval(200, 200)[0] == pytest.approx(200 / 203.8416, abs=1e-4)
    assert Estimate(200, 200).verdict(95) == "reached"
    # 99 of 100 is not yet proof of 95%: centre 1.009208 / 1.038416 = 0.97187, half 0.02636 → 94.55%.
    assert wilson_interval(99, 100)[0] == pytest.approx(0.94551, abs=2e-4)
    assert Estimate(99, 100).verdict(95) == "inconclusive"
    # 30 of 40: the upper end (0.75 + 0.04802 + 0.13004·1.09604) / 1.09604 = 85.81% < 95% → not reached.
    assert wilson_interval(30, 40)[1] == pytest.approx(0.85814, abs=2e-4)
    assert Estimate(30, 40).verdict(95) == "not_reached"
    assert Estimate(0, 0).verdict(95) == "no_data" and wilson_interval(0, 0) == (0.0, 1.0)
    # The normal approximation on 19/20 ends above 100%; Wilson's interval never leaves 0-100%.
    assert 0.95 + 1.96 * math.sqrt(0.95 * 0.05 / 20) > 1 and wilson_interval(19, 20)[1] < 1


def test_key_question_against_the_target() -> None:
    report = compute_survey_report(SURVEY, KEY + ON_TIME, STATUSES, period_label="Kỳ báo cáo: quý IV.")
    assert report.key.question_id == "hieu-cchc" and report.target == 95
    assert (report.key.estimate.successes, report.key.estimate.n) == (36, 40)
    assert report.respondents == 50
    text = survey_text(report)
    assert ("Hiểu rõ mục đích, ý nghĩa, lợi ích của CCHC: 90% (36/40 người), khoảng tin cậy 95%: 76,9%–96% "
            "(sai số ±13,1 điểm %); chỉ tiêu 95% → " + messages.SURVEY_VERDICTS["inconclusive"]) in text


def test_per_question_excluded_options_and_groups() -> None:
    report = compute_survey_report(SURVEY, KEY + ON_TIME, STATUSES)
    on_time = next(q for q in report.questions if q.question_id == "dung-hen")
    # 6 on time of the 8 who did a procedure: 75%; the 2 "chưa làm thủ tục" are left out.
    assert (on_time.estimate.successes, on_time.estimate.n, on_time.excluded) == (6, 8, 2)
    untouched = next(q for q in report.questions if q.question_id == "hai-long")
    assert untouched.estimate.n == 0 and untouched.estimate.share is None
    # By channel, in the order of messages.SURVEY_CHANNELS: Telegram 16/18, Zalo 20/22.
    assert [(g.name, g.estimate.successes, g.estimate.n) for g in report.by_channel] == [
        ("Telegram", 16, 18), ("Zalo", 20, 22)
    ]
    assert [(g.group_id, g.estimate.successes, g.estimate.n) for g in report.by_place] == [
        ("phuong-1", 20, 22), ("", 16, 18)
    ]
    text = survey_text(report)
    assert "- Nhận kết quả đúng hẹn: 75% (6/8 người)" in text
    assert "Đúng hẹn: 6; Trễ hẹn: 2; Chưa làm thủ tục: 2" in text
    assert "- Hài lòng với sự phục vụ: chưa có câu trả lời" in text
    rows = list(csv.reader(io.StringIO(survey_csv(report).decode("utf-8-sig"))))
    assert rows[0] == list(messages.SURVEY_CSV)
    key_row = rows[1]
    assert key_row[:6] == ["Câu hỏi", "hieu-cchc", SURVEY.questions[0].text, "40", "36", "90.0"]
    assert key_row[6:10] == ["76.9", "96.0", "0", "95.0"]
    assert ["Kênh", "zalo", "Zalo", "22", "20", "90.9"] == next(r for r in rows if r[1] == "zalo")[:6]


def test_removed_option_counts_neither_way() -> None:
    gone = _answers("hieu-cchc", {("hieu-ro", "web", ""): 3, ("rat-ro", "web", ""): 2})
    report = compute_survey_report(SURVEY, gone, STATUSES)
    assert (report.key.estimate.successes, report.key.estimate.n, report.key.excluded) == (3, 3, 2)
    assert report.key.options[-1].label == "rat-ro"


async def test_built_from_storage_by_day(storage: Storage) -> None:
    store = SurveyStore(storage)
    for number, (day, option) in enumerate([(date(2025, 10, 1), "hieu-ro"), (date(2025, 10, 2), "chua-hieu"),
                                            (date(2025, 12, 31), "hieu-ro")]):
        response = await store.open(survey=SURVEY.id, period="2025-Q4", respondent=f"p{number}", channel="web", day=day)
        assert await store.record_answer(response_id=response.id, respondent=f"p{number}", position=0,
                                         question_id="hieu-cchc", option_id=option, day=day) == "recorded"
    declined = await store.offer(survey=SURVEY.id, period="2025-Q4", respondent="p9", channel="zalo", day=date(2025, 10, 1))
    assert declined is not None and await store.skip(response_id=declined, respondent="p9", day=date(2025, 10, 1))
    report = await build_survey_report(store, SURVEY, since=date(2025, 10, 1), until=date(2025, 10, 31))
    assert (report.key.estimate.successes, report.key.estimate.n) == (1, 2)  # 31/12 is outside
    assert report.statuses == {"offered": 0, "started": 2, "done": 0, "skipped": 1}


def test_both_targets_side_by_side_and_chart() -> None:
    units = load_units(REPO / "knowledge" / "units.yaml")
    at = datetime(2025, 11, 10, 2, tzinfo=timezone.utc)
    attempts = [FinishedAttempt(id=n, user_id=n, unit=unit, correct=9, total=10, passed=passed, finished_at=at)
                for n, (unit, passed) in enumerate([("vp", True), ("vp", True), ("hcc", False), ("hcc", True)], 1)]
    staff = compute_report(attempts, [], units, period_label="Kỳ báo cáo: quý IV.")
    report = TargetsReport(staff, compute_survey_report(SURVEY, KEY + ON_TIME, STATUSES))
    text = targets_text(report)
    # Staff: 3 of 4 surveyed passed (75%) against 80% → ceil(0.8 × 4) = 4 → 1 more; 4 of 35 staff surveyed.
    assert "Công chức, viên chức: 3/4 người được khảo sát nắm vững (75%); chỉ tiêu 80% → còn thiếu 5,0 điểm %" in text
    assert "Đã khảo sát 4/35 người trong biên chế (11,4%); số người đạt bằng 8,6% biên chế." in text
    assert "Người dân, tổ chức: 90% (36/40 người)" in text and "chỉ tiêu 95% → chưa đủ căn cứ" in text
    chart = render_targets_chart(report)
    assert chart.png.startswith(b"\x89PNG\r\n\x1a\n")
    assert mpimg.imread(io.BytesIO(chart.png), format="png").shape[1] > 1000
    assert len(chart.targets) == 3 and len(chart.questions) == 5
    assert chart.units == tuple(u.name for u in units.units)
    without = TargetsReport(staff, None)
    assert messages.SURVEY_REPORT_NONE in targets_text(without)
    assert len(render_targets_chart(without).targets) == 2
