"""``cchc contest``: open a round, play it through the core, list, results, export, close."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot import messages
from bot.cli import app
from bot.config import Settings
from bot.contest.flow import ContestFlow
from bot import payloads
from bot.quiz.enrolment import Enrolment, normalise, token_hash
from bot.storage.database import Storage

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


async def _play(settings: Settings, *, external_id: str, name: str, unit: str, enrolled: bool) -> None:
    """One person answers every question right (through the flow, as a button press would)."""
    storage = await Storage.open(settings.database_path)
    try:
        flow = ContestFlow(storage, settings)
        user = await storage.upsert_user(channel="web", external_id=external_id, display_name=name)
        if enrolled:  # as `/thamgia <token>` would, with a token from `cchc units invite`
            enrolment = Enrolment(storage, flow.units)
            (token,) = await enrolment.issue(unit)
            assert await enrolment.store.redeem(token_hash=token_hash(normalise(token) or ""), user_id=user) == unit
        replies = await flow.on_payload(user, payloads.Contest("unit", round_id=1, unit=unit))
        while True:
            entry = await flow.store.entry_of(round_id=1, user_id=user)
            assert entry is not None
            if entry.status == "finished":
                return
            right = entry.questions[entry.answered]["correct"]
            replies = await flow.on_payload(user, payloads.Contest("answer", entry_id=entry.id, position=entry.answered,
                                                                   option=right))
            assert replies
    finally:
        await storage.close()


def test_open_play_results_export_close(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CCHC_KNOWLEDGE_DIR", str(KNOWLEDGE))
    runner = CliRunner()
    opened = runner.invoke(app, ["contest", "open", "--name", "Hội thi quý IV", "--from", "2025-01-01",
                                 "--to", "2099-12-31", "--questions", "4", "--seconds", "45", "--topic", "one_stop"])
    assert opened.exit_code == 0, opened.output
    assert "Đã mở vòng thi #1 “Hội thi quý IV”: 01/01/2025 – 31/12/2099, 4 câu, mỗi câu 45 giây" in opened.stdout
    asyncio.run(_play(Settings(_env_file=None), external_id="cli-player", name="Chị Lan", unit="hcc", enrolled=True))
    asyncio.run(_play(Settings(_env_file=None), external_id="cli-visitor", name="Khách", unit="vp", enrolled=False))
    listed = runner.invoke(app, ["contest", "list"])
    assert "#1  [open]" in listed.stdout and "1 hoàn thành, 0 đang thi, 1 luyện tập (không tính)" in listed.stdout
    results = runner.invoke(app, ["contest", "results", "1"])
    assert results.stdout.startswith(messages.CONTEST_RESULTS_LIVE)
    assert "1. Chị Lan – Trung tâm Phục vụ hành chính công: 4/4 câu đúng" in results.stdout
    assert messages.CONTEST_RESULTS_PRACTICE.format(count=1) in results.stdout and "Khách" not in results.stdout
    exported = runner.invoke(app, ["contest", "export", "1", "-o", "kq.csv", "--units-output", "dv.csv"])
    assert exported.exit_code == 0, exported.output
    assert messages.CONTEST_RESULTS_PRACTICE.format(count=1) in exported.stderr
    rows = list(csv.reader(io.StringIO((tmp_path / "kq.csv").read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][:5] == ["1", "Chị Lan", "hcc", "Trung tâm Phục vụ hành chính công", "4"]
    units = list(csv.reader(io.StringIO((tmp_path / "dv.csv").read_bytes().decode("utf-8-sig"))))
    assert len(units) == 2 and units[1][:6] == ["1", "hcc", "Trung tâm Phục vụ hành chính công", "1", "6", "16.7"]
    closed = runner.invoke(app, ["contest", "close", "1"])
    assert closed.stdout.strip() == messages.CONTEST_CLOSED.format(id=1, name="Hội thi quý IV")
    assert runner.invoke(app, ["contest", "close", "1"]).stdout.strip() == messages.CONTEST_ALREADY_CLOSED.format(id=1)


def test_open_refuses_bad_requests(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CCHC_KNOWLEDGE_DIR", str(KNOWLEDGE))
    runner = CliRunner()
    too_many = runner.invoke(app, ["contest", "open", "--name", "X", "--to", "2099-12-31", "--questions", "40",
                                   "--topic", "culture"])
    assert too_many.exit_code == 2 and "chưa đủ 40 câu" in too_many.output
    unknown = runner.invoke(app, ["contest", "open", "--name", "X", "--to", "2099-12-31", "--question-id", "khong-co"])
    assert unknown.exit_code == 2 and "khong-co" in unknown.output
    assert runner.invoke(app, ["contest", "export", "7", "-o", "x.csv"]).exit_code == 2
