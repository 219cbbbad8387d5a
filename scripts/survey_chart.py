"""Draw docs/img/hai-chi-tieu.png: the two-targets chart of docs/survey.md, from example figures.

The figures are made up (they say so in the chart's period line) and chosen to show each
case the report distinguishes: a unit that meets its target among those surveyed but has
surveyed few of its staff, one below target, and a citizens' share whose 95% interval
still contains the 95% target. Run from the repository root:

    .venv/bin/python scripts/survey_chart.py [output.png]
"""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.quiz.bank import load_units  # noqa: E402 - after the path tweak
from bot.quiz.report import compute_report  # noqa: E402
from bot.storage.quiz import FinishedAttempt  # noqa: E402
from bot.storage.survey import SurveyAnswer  # noqa: E402
from bot.survey.chart import render_targets_chart  # noqa: E402
from bot.survey.loader import load_survey  # noqa: E402
from bot.survey.report import compute_survey_report  # noqa: E402
from bot.survey.targets import TargetsReport  # noqa: E402

LABEL = "Số liệu ví dụ (minh hoạ tài liệu), quý IV/2025"
# Per unit: (people surveyed, of whom passed).
STAFF = {"vp": (9, 8), "ktht": (5, 3), "vhxh": (8, 7), "hcc": (3, 3)}
# Per question: option → answers.
CITIZENS = {
    "hieu-cchc": {"hieu-ro": 188, "mot-phan": 10, "chua-hieu": 2},
    "dich-vu-cong": {"da-dung": 120, "biet": 41, "chua-biet": 37},
    "dung-hen": {"dung-hen": 140, "tre-hen": 9, "chua-lam": 48},
    "thai-do": {"tan-tinh": 133, "binh-thuong": 14, "chua-tot": 2, "chua-lam": 47},
    "hai-long": {"hai-long": 139, "binh-thuong": 8, "chua-hai-long": 3, "chua-lam": 46},
}


def example_report() -> TargetsReport:
    """The example staff and survey reports."""
    units = load_units(REPO / "knowledge" / "units.yaml")
    at = datetime(2025, 11, 10, 2, tzinfo=timezone.utc)
    attempts, person = [], 0
    for unit, (surveyed, passed) in STAFF.items():
        for index in range(surveyed):
            person += 1
            attempts.append(FinishedAttempt(id=person, user_id=person, unit=unit, correct=9, total=10,
                                            passed=index < passed, finished_at=at + timedelta(minutes=person)))
    staff = compute_report(attempts, [], units, period_label=LABEL)
    survey = load_survey(REPO / "knowledge" / "survey" / "khao-sat.yaml")
    assert survey is not None
    answers = []
    for question, counts in CITIZENS.items():
        response = 0  # the same 200 people answer every question (some stopped early)
        for option, count in counts.items():
            for _ in range(count):
                response += 1
                answers.append(SurveyAnswer(response_id=response, channel="zalo", place="", period="2025-Q4",
                                            position=0, question_id=question, option_id=option,
                                            answered_on=date(2025, 11, 10)))
    statuses = {"offered": 40, "started": 12, "done": 188, "skipped": 60}
    return TargetsReport(staff, compute_survey_report(survey, answers, statuses, period_label=LABEL))


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "img" / "hai-chi-tieu.png"
    target.write_bytes(render_targets_chart(example_report()).png)
    print(target)


if __name__ == "__main__":
    main()
