"""``cchc report`` prints both targets and writes the survey CSV and the two-targets chart."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot import messages
from bot.cli import app
from bot.storage.database import Storage
from bot.storage.survey import SurveyStore

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


async def _one_answer(database: Path) -> None:
    storage = await Storage.open(database)
    try:
        store = SurveyStore(storage)
        day = date(2025, 10, 3)
        response = await store.open(survey="khao-sat-cchc", period="2025-Q4", respondent="p1", channel="web", day=day)
        await store.record_answer(response_id=response.id, respondent="p1", position=0, question_id="hieu-cchc",
                                  option_id="mot-phan", day=day)
    finally:
        await storage.close()


def test_report_prints_both_targets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CCHC_KNOWLEDGE_DIR", str(KNOWLEDGE))
    asyncio.run(_one_answer(tmp_path / "data" / "cchc.sqlite3"))
    result = CliRunner().invoke(app, ["report", "--from", "2025-10-01", "--to", "2025-12-31", "--csv-dir", "out",
                                      "--targets-chart", "out/hai-chi-tieu.png"])
    assert result.exit_code == 0, result.output
    assert messages.TARGETS_TITLE in result.stdout
    assert "Người dân, tổ chức: 0% (0/1 người)" in result.stdout
    assert "Đã khảo sát 0/35 người trong biên chế (0%)" in result.stdout
    assert (tmp_path / "out" / messages.SURVEY_CSV_NAME).read_bytes().startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "out" / "hai-chi-tieu.png").read_bytes().startswith(b"\x89PNG")


def test_broken_survey_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "khao-sat.yaml"
    broken.write_text("id: x\ntitle: Thử\nkey_question: khong-co\nquestions: []\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CCHC_KNOWLEDGE_DIR", str(KNOWLEDGE))
    monkeypatch.setenv("CCHC_SURVEY_FILE", str(broken))
    result = CliRunner().invoke(app, ["report"])
    assert result.exit_code == 2
    assert "khao-sat.yaml" in result.output and "questions" in result.output
