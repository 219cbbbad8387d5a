"""scripts/survey_chart.py, which draws the chart of docs/survey.md, still runs and shows each case."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.survey.targets import targets_text

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import survey_chart  # noqa: E402 - the script's directory is added just above


def test_example_figures_and_png(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001 - pytest fixture
    report = survey_chart.example_report()
    assert report.survey is not None
    # 188 of 200: 94%, Wilson 89.8%–96.5%: the 95% target is inside → not yet conclusive.
    assert report.survey.key.estimate.verdict(95) == "inconclusive"
    org = report.staff.organisation
    assert (org.surveyed, org.passed, org.headcount) == (25, 21, 35)
    assert "Đã khảo sát 25/35 người trong biên chế (71,4%)" in targets_text(report)
    monkeypatch.setattr(sys, "argv", ["survey_chart.py", str(tmp_path / "c.png")])
    survey_chart.main()
    assert (tmp_path / "c.png").read_bytes().startswith(b"\x89PNG")
