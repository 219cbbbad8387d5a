"""Staff coverage: surveyed / headcount beside the pass rate, worked out by hand."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.quiz.bank import load_units
from bot.quiz.models import Unit, UnitList
from bot.quiz.report import compute_report, report_text, units_csv
from bot.storage.quiz import FinishedAttempt

UNITS = UnitList(
    organisation="UBND xã Thử Nghiệm",
    target=80,
    units=(
        Unit(id="vp", name="Văn phòng", target=80, headcount=10),
        Unit(id="tp", name="Tư pháp", target=100, headcount=4),
        Unit(id="yt", name="Y tế", target=80, headcount=5),
    ),
)
REPO_UNITS = Path(__file__).resolve().parents[2] / "knowledge" / "units.yaml"
AT = datetime(2025, 3, 1, 2, 0, tzinfo=timezone.utc)


def _attempts(*people: tuple[int, str, bool]) -> list[FinishedAttempt]:
    return [
        FinishedAttempt(id=n, user_id=user, unit=unit, correct=8 if passed else 5, total=10, passed=passed,
                        finished_at=AT + timedelta(minutes=n))
        for n, (user, unit, passed) in enumerate(people, start=1)
    ]


PEOPLE = _attempts((1, "vp", True), (2, "vp", True), (3, "vp", False), (4, "tp", True))


def test_coverage_by_hand() -> None:
    report = compute_report(PEOPLE, [], UNITS)
    rows = {row.unit_id: row for row in report.units}
    # vp: 3 of 10 staff surveyed → 30%; 2 of the 3 passed → 66.7% of the surveyed, but 2/10 = 20% of the staff.
    assert (rows["vp"].surveyed, rows["vp"].headcount) == (3, 10)
    assert rows["vp"].coverage == pytest.approx(30.0)
    assert rows["vp"].rate == pytest.approx(200 / 3) and rows["vp"].passed_of_staff == pytest.approx(20.0)
    # tp: the one person surveyed passed → 100% of the surveyed meets the 100% target, yet 1/4 = 25% of the staff.
    assert (rows["tp"].rate, rows["tp"].gap, rows["tp"].coverage, rows["tp"].passed_of_staff) == (100, 0, 25, 25)
    # yt: nobody of 5 → coverage 0%, no rate.
    assert (rows["yt"].coverage, rows["yt"].rate, rows["yt"].passed_of_staff) == (0, None, 0)
    # Organisation: headcount 10 + 4 + 5 = 19; 4 surveyed → 21.05%; 3 passed → 15.79%.
    org = report.organisation
    assert org.headcount == 19
    assert org.coverage == pytest.approx(400 / 19) and org.passed_of_staff == pytest.approx(300 / 19)


def test_organisation_headcount_explicit_or_unknown() -> None:
    explicit = UNITS.model_copy(update={"headcount": 25})
    org = compute_report(PEOPLE, [], explicit).organisation
    assert (org.headcount, org.coverage, org.passed_of_staff) == (25, 16, 12)  # 4/25, 3/25
    partial = UnitList(units=(Unit(id="vp", name="Văn phòng", headcount=10), Unit(id="tp", name="Tư pháp")))
    report = compute_report(PEOPLE, [], partial)
    assert report.organisation.headcount is None and report.organisation.coverage is None
    assert {row.unit_id: row.coverage for row in report.units}["tp"] is None


def test_coverage_text_and_csv() -> None:
    report = compute_report(PEOPLE, [], UNITS)
    text = report_text(report)
    assert "- Văn phòng: 3/10 người (30%); đạt 2/10 biên chế (20%)" in text
    assert "- Tư pháp: 1/4 người (25%); đạt 1/4 biên chế (25%)" in text
    assert "- UBND xã Thử Nghiệm: 4/19 người (21,1%); đạt 3/19 biên chế (15,8%)" in text
    rows = list(csv.reader(io.StringIO(units_csv(report).decode("utf-8-sig"))))
    assert rows[0][-3:] == ["Biên chế", "Tỉ lệ được khảo sát (%)", "Số người đạt / biên chế (%)"]
    assert rows[1][-3:] == ["10", "30.0", "20.0"]
    assert rows[-1][-3:] == ["19", "21.1", "15.8"]
    bare = compute_report(PEOPLE, [], UnitList(units=(Unit(id="vp", name="Văn phòng"),)))
    assert "biên chế" not in report_text(bare)  # no headcounts declared: no coverage section


def test_shipped_units_declare_headcounts() -> None:
    units = load_units(REPO_UNITS)
    assert all(unit.headcount for unit in units.units) and units.organisation_headcount == 35
