"""The console's stores on both backends: curated answers and hits, sessions and audit, usage per day."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from bot.curated.models import CuratedDraft
from bot.storage.console import ConsoleStore
from bot.storage.curated import CuratedStore, curated_chunk_id
from bot.storage.database import LOCAL_TZ, Storage
from bot.storage.quiz import QuizStore
from bot.storage.usage import UsageStore

NOW = datetime(2025, 3, 10, 3, 0, tzinfo=timezone.utc)  # 10:00 local


def _draft(question: str, answer: str = "Trả lời.", **fields: object) -> CuratedDraft:
    return CuratedDraft(questions=(question,), answer=answer, **fields)


async def test_curated_answers_round_trip_and_count_their_hits(storage: Storage) -> None:
    store = CuratedStore(storage)
    first = await store.create(_draft("Giờ làm việc?", expires_on=date(2025, 12, 31)), by="lan", at=NOW)
    second = await store.create(_draft("Địa chỉ?"), by="lan", at=NOW + timedelta(minutes=1))
    assert [a.id for a in await store.all()] == [second.id, first.id]  # newest first
    assert (await store.get(first.id)).expires_on == date(2025, 12, 31)
    updated = await store.update(first.id, _draft("Giờ làm việc?", "Mới."), by="minh")
    assert updated.answer == "Mới." and updated.created_by == "lan" and updated.updated_by == "minh"
    assert (await store.set_enabled(second.id, False, by="minh")).enabled is False
    user = await storage.upsert_user(channel="web", external_id="u1")
    for n in range(3):
        await storage.log_question(user_id=user, channel="web", question=f"giờ làm việc {n}", found=True, top_score=0.9,
                                   latency_ms=1, cited_chunk_ids=[curated_chunk_id(first.id)], at=NOW + timedelta(hours=n))
    await storage.log_question(user_id=user, channel="web", question="khác", found=True, top_score=0.9, latency_ms=1,
                               cited_chunk_ids=["plans/x#1"], at=NOW)
    hits = await store.hits()
    assert set(hits) == {first.id} and hits[first.id].count == 3 and hits[first.id].last == NOW + timedelta(hours=2)
    assert [q for q, _ in await store.recent_hits(first.id)] == ["giờ làm việc 2", "giờ làm việc 1", "giờ làm việc 0"]
    assert await store.delete(second.id) and not await store.delete(second.id)
    assert await store.update(second.id, _draft("x?"), by="lan") is None


async def test_an_import_creates_and_updates_in_one_transaction(storage: Storage) -> None:
    store = CuratedStore(storage)
    kept = await store.create(_draft("Giờ làm việc?"), by="lan")
    created, updated = await store.replace_many(
        [(kept.id, _draft("Giờ làm việc?", "Đã sửa.")), (None, _draft("Địa chỉ?")), (999, _draft("Lệ phí?"))], by="cli:lan"
    )
    assert (created, updated) == (2, 1)
    assert sorted(a.answer for a in await store.all()) == ["Trả lời.", "Trả lời.", "Đã sửa."]


async def test_sessions_expire_and_sign_out(storage: Storage) -> None:
    store = ConsoleStore(storage)
    await store.create_session(token_hash="h1", admin="lan", csrf="c1", address="10.0.0.5",
                               expires_at=NOW + timedelta(hours=8), at=NOW)
    session = await store.session(token_hash="h1", now=NOW + timedelta(hours=1))
    assert session is not None and session.admin == "lan" and session.csrf == "c1"
    assert await store.session(token_hash="h1", now=NOW + timedelta(hours=9)) is None
    assert await store.session(token_hash="other", now=NOW) is None
    await store.delete_session(token_hash="h1")
    assert await store.session(token_hash="h1", now=NOW) is None


async def test_failures_count_per_account_since_its_last_success_and_per_address(storage: Storage) -> None:
    store = ConsoleStore(storage)
    for minutes in (1, 2):
        await store.audit(actor="lan", action="login_failed", address="10.0.0.5", at=NOW + timedelta(minutes=minutes))
    await store.audit(actor="lan", action="login", address="10.0.0.5", at=NOW + timedelta(minutes=3))
    await store.audit(actor="lan", action="login_failed", address="10.0.0.6", at=NOW + timedelta(minutes=4))
    await store.audit(actor="minh", action="login_failed", address="10.0.0.5", at=NOW + timedelta(minutes=5))
    assert await store.failures(since=NOW, actor="lan") == [NOW + timedelta(minutes=4)]
    assert len(await store.failures(since=NOW, address="10.0.0.5")) == 3
    assert await store.failures(since=NOW + timedelta(minutes=10), address="10.0.0.5") == []
    log = await store.audit_log(limit=2)
    assert [(e.actor, e.action) for e in log] == [("minh", "login_failed"), ("lan", "login_failed")]


async def test_usage_is_counted_per_local_day_with_empty_days(storage: Storage) -> None:
    user = await storage.upsert_user(channel="telegram", external_id="9")
    late = datetime(2025, 3, 9, 18, 30, tzinfo=timezone.utc)  # 01:30 on 10/3 local: counts for the 10th
    for at, found, channel in ((late, True, "telegram"), (NOW, False, "zalo"), (NOW - timedelta(days=2), True, "telegram")):
        log_id = await storage.log_question(user_id=user, channel=channel, question="q", found=found, top_score=0.1,
                                            latency_ms=1, at=at)
        await storage.record_feedback(question_log_id=log_id, user_id=user, value=1 if found else -1, at=at)
    quiz = QuizStore(storage)
    attempt, _ = await quiz.start_attempt(user_id=user, unit="", questions=[{"id": "q"}], pass_percent=80.0, at=NOW)
    await quiz.record_answer(attempt_id=attempt.id, user_id=user, position=0, question_id="q", topic="targets",
                             question="q", chosen=0, correct=True, at=NOW)
    await quiz.finish_attempt(attempt_id=attempt.id, correct=1, passed=True, at=NOW)
    usage = UsageStore(storage)
    days = await usage.days(date(2025, 3, 7), date(2025, 3, 10))
    assert [d.day.day for d in days] == [7, 8, 9, 10]
    assert [(d.questions, d.answered, d.up, d.down) for d in days] == [(0, 0, 0, 0), (1, 1, 1, 0), (0, 0, 0, 0), (2, 1, 1, 1)]
    assert (days[-1].quiz_attempts, days[-1].quiz_people) == (1, 1)
    assert [(c.channel, c.questions) for c in await usage.channels(date(2025, 3, 7), date(2025, 3, 10))] == [
        ("telegram", 2), ("zalo", 1)]
    assert await usage.quiz_people(date(2025, 3, 10), date(2025, 3, 10)) == 1
    assert LOCAL_TZ.utcoffset(None) == timedelta(hours=7)


async def test_gap_groups_carry_their_wordings(storage: Storage) -> None:
    user = await storage.upsert_user(channel="web", external_id="w")
    for text in ("Giờ làm việc một cửa?", "gio lam viec mot cua", "Giờ làm việc một cửa?", "Lương cơ sở?"):
        await storage.log_question(user_id=user, channel="web", question=text, found=False, top_score=0.0,
                                   latency_ms=1, at=NOW)
    groups = await storage.gaps(now=NOW + timedelta(minutes=1))
    assert groups[0].count == 3 and groups[0].examples == ("Giờ làm việc một cửa?", "gio lam viec mot cua")
    assert groups[1].examples == ("Lương cơ sở?",)
