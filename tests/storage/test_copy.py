"""``cchc db copy``: SQLite → PostgreSQL → SQLite keeps every row; a non-empty target is refused."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.storage.copy import TRANSIENT_TABLES, copy_database
from bot.storage.database import Storage, StorageError
from bot.storage.inbox import WebhookInbox
from bot.storage.quiz import GeneratedInput, QuizStore
from bot.storage.schema import table_columns

T0 = datetime(2025, 3, 10, 3, 0, 0, 123456, tzinfo=timezone.utc)


async def _fill(storage: Storage) -> None:
    """A little of everything an office accumulates, through the real store APIs."""
    quiz = QuizStore(storage)
    for n in range(25):
        user = await storage.upsert_user(channel="zalo" if n % 2 else "telegram", external_id=str(8_412_345_678_901_234_000 + n),
                                         display_name=f"Người dùng {n}", unit="UBND xã A" if n % 3 else None,
                                         at=T0 + timedelta(minutes=n))
        log_id = await storage.log_question(
            user_id=user, channel="zalo", question=f"Thủ tục số {n} là gì?", found=n % 4 != 0, top_score=0.1 * n,
            latency_ms=10 + n, cited_chunk_ids=[f"legal/a#{n}"], at=T0 + timedelta(minutes=n, seconds=1),
        )
        await storage.record_feedback(question_log_id=log_id, user_id=user, value=1 if n % 2 else -1,
                                      at=T0 + timedelta(minutes=n, seconds=2))
        if n < 4:
            questions = [{"id": f"q{i}", "text": "Câu hỏi?", "options": ["a", "b"], "correct": 0} for i in range(2)]
            attempt, _ = await quiz.start_attempt(user_id=user, unit="vp", questions=questions, pass_percent=80.0,
                                                  at=T0 + timedelta(hours=1, minutes=n))
            for position in range(2):
                await quiz.record_answer(attempt_id=attempt.id, user_id=user, position=position, question_id=f"q{position}",
                                         topic="Một cửa", question="Câu hỏi?", chosen=0, correct=position == 0,
                                         at=T0 + timedelta(hours=1, minutes=n, seconds=position))
            await quiz.finish_attempt(attempt_id=attempt.id, correct=1, passed=False, at=T0 + timedelta(hours=2))
    await quiz.sync_generated([GeneratedInput(id="g1", chunk_id="legal/a#1", kind="cloze", question_json='{"q": "x"}')],
                              at=T0)
    inbox = WebhookInbox(storage, "zalo", worker="w1")
    done = await inbox.accept({"text": "xin chào"}, "msg-1", T0)
    assert done is not None
    await inbox.finish(done, T0 + timedelta(seconds=3))
    await inbox.accept({"text": "chưa trả lời"}, "msg-2", T0)


async def _rows(storage: Storage) -> dict[str, list[tuple[object, ...]]]:
    tables = await table_columns(storage)
    dump = {}
    for name, columns in tables.items():
        if name in TRANSIENT_TABLES:
            continue
        rows = await storage._fetchall(f"SELECT {', '.join(columns)} FROM {name}")
        dump[name] = sorted(tuple(row[c] for c in columns) for row in rows)
    return dump


async def test_round_trip_keeps_counts_and_rows(tmp_path: Path, pg_url: str) -> None:
    lite = await Storage.open(tmp_path / "office.sqlite3")
    pg = await Storage.open(pg_url)
    back = await Storage.open(tmp_path / "back.sqlite3")
    try:
        await _fill(lite)
        original = await _rows(lite)
        copied = await copy_database(lite, pg)
        assert copied == {name: len(rows) for name, rows in original.items() if name in copied}
        assert set(copied) == set(original)
        assert copied["users"] == 25 and copied["quiz_answers"] == 8 and copied["webhook_inbox"] == 2
        assert await _rows(pg) == original  # every row, every column, timestamps to the microsecond
        assert await copy_database(pg, back) == copied
        assert await _rows(back) == original

        # PostgreSQL's ids continue after the copied ones; the keys still hold.
        new_user = await pg.upsert_user(channel="web", external_id="new")
        assert new_user == 26
        assert await pg.upsert_user(channel="zalo", external_id=str(8_412_345_678_901_234_001)) == 2
        assert await WebhookInbox(pg, "zalo").accept({}, "msg-1") is None  # a retry stays a retry
        stats = await pg.stats(T0 + timedelta(hours=3))
        assert stats.users == 26 and stats.questions_window == 25
    finally:
        for storage in (lite, pg, back):
            await storage.close()


async def test_a_target_with_rows_is_refused(tmp_path: Path, pg_url: str) -> None:
    lite = await Storage.open(tmp_path / "office.sqlite3")
    pg = await Storage.open(pg_url)
    try:
        await _fill(lite)
        await pg.upsert_user(channel="web", external_id="already-here")
        with pytest.raises(StorageError, match="not empty"):
            await copy_database(lite, pg)
        assert (await pg.stats()).users == 1  # nothing written
    finally:
        await lite.close()
        await pg.close()


def test_cli_copies_and_migrates(tmp_path: Path, pg_url: str) -> None:
    import asyncio

    async def fill() -> None:
        storage = await Storage.open(tmp_path / "office.sqlite3")
        await _fill(storage)
        await storage.close()

    asyncio.run(fill())
    runner = CliRunner()
    migrated = runner.invoke(app, ["db", "migrate", "--url", pg_url])
    assert migrated.exit_code == 0, migrated.output
    assert "phiên bản lược đồ" in migrated.output
    source = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    result = runner.invoke(app, ["db", "copy", "--from", source, "--to", pg_url])
    assert result.exit_code == 0, result.output
    assert "users: 25 dòng" in result.output and "Đã sao chép" in result.output
    again = runner.invoke(app, ["db", "copy", "--from", source, "--to", pg_url])
    assert again.exit_code == 2 and "not empty" in again.output
    bad = runner.invoke(app, ["db", "migrate", "--url", "mysql://x"])
    assert bad.exit_code == 2 and "Lỗi cơ sở dữ liệu" in bad.output
