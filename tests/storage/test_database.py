"""Storage on both backends (SQLite file, PostgreSQL schema): migrations, restarts, feedback, stats, gaps."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.storage.database import LOCAL_TZ, Storage, StorageError
from bot.storage.grouping import group_questions, question_key
from bot.storage.migrations import MIGRATIONS

# 10:00 in Vietnam on 10/03/2025 (03:00 UTC): "today" began at 17:00 UTC on the 9th.
NOW = datetime(2025, 3, 10, 10, 0, tzinfo=LOCAL_TZ)


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in March 2025, Vietnam time."""
    return datetime(2025, 3, day, hour, minute, tzinfo=LOCAL_TZ)


async def test_migrations_are_idempotent(db_url: str) -> None:
    for _ in range(3):
        storage = await Storage.open(db_url)
        assert await storage.schema_version() == len(MIGRATIONS)
        await storage.close()


async def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    await (await Storage.open(path)).close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"users", "question_log", "feedback"} <= tables


async def test_newer_schema_is_refused(db_url: str) -> None:
    storage = await Storage.open(db_url)
    if storage.dialect == "sqlite":
        await storage._execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    else:
        await storage._execute("INSERT INTO schema_migrations (version) VALUES (?)", (len(MIGRATIONS) + 1,))
    await storage.close()
    with pytest.raises(StorageError, match="schema version"):
        await Storage.open(db_url)


async def test_restart_keeps_users_log_and_feedback(db_url: str) -> None:
    storage = await Storage.open(db_url)
    user = await storage.upsert_user(channel="telegram", external_id="7", display_name="Lan", unit="UBND xã A")
    log_id = await storage.log_question(
        user_id=user, channel="telegram", question="Một cửa là gì?", found=True,
        top_score=0.9, latency_ms=120, cited_chunk_ids=["legal/a#1", "legal/b#2"],
    )
    assert await storage.record_feedback(question_log_id=log_id, user_id=user, value=1)
    await storage.close()

    storage = await Storage.open(db_url)
    try:
        again = await storage.upsert_user(channel="telegram", external_id="7", display_name="Lan Nguyễn")
        assert again == user
        logged = await storage.logged_question(log_id=log_id)
        assert logged is not None
        assert logged.question == "Một cửa là gì?"
        assert logged.cited_chunk_ids == ("legal/a#1", "legal/b#2")
        assert logged.user_id == user and logged.found
        stats = await storage.stats()
        assert (stats.users, stats.feedback_up, stats.feedback_down) == (1, 1, 0)
        row = await storage._fetchone("SELECT display_name, unit FROM users")
        assert row is not None
        assert (row["display_name"], row["unit"]) == ("Lan Nguyễn", "UBND xã A")  # a refresh without a unit keeps it
    finally:
        await storage.close()


async def test_second_vote_replaces_the_first(storage: Storage) -> None:
    user = await storage.upsert_user(channel="web", external_id="u1")
    other = await storage.upsert_user(channel="web", external_id="u2")
    log_id = await storage.log_question(
        user_id=user, channel="web", question="q", found=True, top_score=1.0, latency_ms=1
    )
    assert await storage.record_feedback(question_log_id=log_id, user_id=user, value=1)
    assert await storage.record_feedback(question_log_id=log_id, user_id=user, value=-1)
    assert await storage.record_feedback(question_log_id=log_id, user_id=other, value=-1)
    stats = await storage.stats()
    assert (stats.feedback_up, stats.feedback_down) == (0, 2)


async def test_feedback_on_a_missing_question_or_bad_value(storage: Storage) -> None:
    user = await storage.upsert_user(channel="web", external_id="u1")
    assert not await storage.record_feedback(question_log_id=999, user_id=user, value=1)
    with pytest.raises(ValueError, match="1 or -1"):
        await storage.record_feedback(question_log_id=1, user_id=user, value=2)
    with pytest.raises(ValueError, match="role"):
        await storage.upsert_user(channel="web", external_id="u1", role="root")


async def test_stats_arithmetic(storage: Storage) -> None:
    alice = await storage.upsert_user(channel="telegram", external_id="1")
    bob = await storage.upsert_user(channel="zalo", external_id="1")  # same id, other channel: another person
    asked = [
        # (when, question, found)
        (local(10, 0, 30), "Một cửa là gì?", True),  # today, just after local midnight
        (local(10, 9), "mot cua la gi", True),
        (local(10, 9, 30), "MỘT CỬA LÀ GÌ", False),
        (local(9, 23, 30), "Lương cơ sở là bao nhiêu?", False),  # yesterday evening: not today
        (local(5, 8), "PAR INDEX là gì?", True),
        (local(1, 8), "Câu hỏi cũ", True),  # 9 days ago: outside the 7-day window
    ]
    ids = []
    for when, question, found in asked:
        ids.append(await storage.log_question(
            user_id=alice, channel="telegram", question=question, found=found, top_score=0.5, latency_ms=10, at=when
        ))
    await storage.record_feedback(question_log_id=ids[0], user_id=bob, value=1, at=local(10, 1))
    await storage.record_feedback(question_log_id=ids[2], user_id=bob, value=-1, at=local(10, 9, 31))
    await storage.record_feedback(question_log_id=ids[5], user_id=bob, value=-1, at=local(1, 9))  # too old

    stats = await storage.stats(NOW)

    assert stats.users == 2
    assert stats.questions_today == 3
    assert stats.questions_window == 5
    assert stats.answered_share == pytest.approx(3 / 5)
    assert stats.top_questions[0].count == 3
    assert stats.top_questions[0].question == "MỘT CỬA LÀ GÌ"  # the most recent wording
    assert [t.count for t in stats.top_questions] == [3, 1, 1]
    assert (stats.feedback_up, stats.feedback_down) == (1, 1)


async def test_stats_on_an_empty_database(storage: Storage) -> None:
    stats = await storage.stats(NOW)
    assert stats.questions_window == 0 and stats.answered_share == 0.0 and stats.top_questions == ()


async def test_gaps_group_near_duplicates(storage: Storage) -> None:
    user = await storage.upsert_user(channel="telegram", external_id="1")

    async def ask(question: str, found: bool, when: datetime) -> int:
        return await storage.log_question(
            user_id=user, channel="telegram", question=question, found=found, top_score=0.1, latency_ms=5, at=when
        )

    await ask("Thủ tục đăng ký hộ kinh doanh?", False, local(8, 9))
    await ask("thu tuc dang ky ho kinh doanh", False, local(9, 9))
    await ask("Thủ tục đăng ký hộ kinh doanh như thế nào?", False, local(10, 8))
    await ask("Lương cơ sở năm 2025 là bao nhiêu?", False, local(10, 7))
    disliked = await ask("Chỉ số PAPI đo gì?", True, local(10, 6))
    await storage.record_feedback(question_log_id=disliked, user_id=user, value=-1, at=local(10, 6, 5))
    await ask("Một cửa là gì?", True, local(10, 5))  # answered, no 👎: not a gap
    await ask("Câu hỏi từ năm ngoái", False, NOW - timedelta(days=400))  # outside the window

    groups = await storage.gaps(limit=10, days=30, now=NOW)

    assert [g.count for g in groups] == [3, 1, 1]
    first = groups[0]
    assert question_key(first.representative).startswith("thu tuc dang ki ho kinh doanh")
    assert first.last_asked == local(10, 8).astimezone(timezone.utc)
    assert {g.representative for g in groups[1:]} == {"Lương cơ sở năm 2025 là bao nhiêu?", "Chỉ số PAPI đo gì?"}
    assert len(await storage.gaps(limit=1, now=NOW)) == 1


def test_grouping_keeps_different_topics_apart() -> None:
    when = datetime(2025, 3, 10, tzinfo=timezone.utc)
    groups = group_questions([("CCHC là gì?", when), ("DVC là gì?", when), ("cchc la gi", when)])
    assert sorted(count for _, count, _ in groups) == [1, 2]


async def test_forget_user_keeps_the_log_anonymous(storage: Storage) -> None:
    user = await storage.upsert_user(channel="telegram", external_id="9", display_name="Hùng")
    log_id = await storage.log_question(
        user_id=user, channel="telegram", question="q", found=False, top_score=0.0, latency_ms=1
    )
    assert await storage.forget_user(channel="telegram", external_id="9")
    assert not await storage.forget_user(channel="telegram", external_id="9")
    logged = await storage.logged_question(log_id=log_id)
    assert logged is not None and logged.user_id is None
    assert (await storage.stats()).users == 0


async def test_backup_is_a_readable_copy(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "db.sqlite3")
    await storage.upsert_user(channel="cli", external_id="me")
    target = tmp_path / "backup.sqlite3"
    await storage.backup(target=target)
    await storage.close()
    copy = await Storage.open(target)
    try:
        assert (await copy.stats()).users == 1
    finally:
        await copy.close()


async def test_conversation_state_is_replaced_read_and_cleared(storage: Storage) -> None:
    """One row per user (on both backends): the latest state wins, with its time; clearing removes it."""
    user = await storage.upsert_user(channel="web", external_id="s-1", display_name="", role="user")
    assert await storage.conversation(user_id=user) is None
    first = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)
    await storage.save_conversation(user_id=user, state={"subject": {"procedure_id": "a"}}, at=first)
    await storage.save_conversation(user_id=user, state={"subject": {"procedure_id": "khai-sinh"}, "x": "đ"},
                                    at=first + timedelta(minutes=5))
    state, saved = await storage.conversation(user_id=user)
    assert state == {"subject": {"procedure_id": "khai-sinh"}, "x": "đ"}
    assert saved == first + timedelta(minutes=5)
    await storage.clear_conversation(user_id=user)
    assert await storage.conversation(user_id=user) is None
