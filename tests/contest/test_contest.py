"""A contest round through ``Assistant.handle``: two units, five enrolled people, ranking, tie-break, one attempt each."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import datetime, timezone

import asyncpg
import pytest
from contest_helpers import ADMIN, OPEN, Clock, Player, payloads_of, press, say

from bot import messages
from bot.dialogue.assistant import Assistant
from bot.storage.contest import ContestStore
from bot.storage.database import Storage, _ts


async def test_two_units_five_people(assistant: Assistant, storage: Storage, clock: Clock) -> None:
    opened = await assistant.handle(say(OPEN, ADMIN))
    assert opened[0].text.startswith("Đã mở vòng thi #1 “Hội thi thử”: 10/11/2025 – 20/11/2025, 3 câu, mỗi câu 30 giây")
    a, b, c, d, e = (Player(assistant, storage, user) for user in ("101", "102", "103", "104", "105"))
    # A enters first (entry 1) and answers two questions at once…
    await a.enter("vp")
    first = a.replies[-1]
    assert first.poll is not None and first.poll.open_seconds == 30
    assert first.poll.payloads == payloads_of([first], "ht:a:") and first.poll.correct is not None
    clock.at(5); await a.answer(True)
    clock.at(10); await a.answer(True)
    # …then C plays the whole round quickly: 3/3, finished at t = 18 s.
    clock.at(12); await c.enter("vp")
    for t in (14, 16):
        clock.at(t); await c.answer(True)
    clock.at(18)
    done_c = await c.answer(True)
    assert done_c[-1].text.startswith("🏁 Bạn đã hoàn thành vòng thi “Hội thi thử”: 3/3 câu đúng")
    # A's third answer, 25 s after the second (within 30 s): 3/3, finished at t = 35 s, after C.
    clock.at(35); await a.answer(True)
    # D is slow but steady: 20 s a question, 2/3, finished at t = 100 s (60 s of answering).
    clock.at(40); await d.enter("hcc")
    for t, right in ((60, True), (80, True), (100, False)):
        clock.at(t); await d.answer(right)
    # B is fast but later: 2 s a question, 2/3, finished at t = 101 s (6 s of answering).
    clock.at(95); await b.enter("vp")
    for t, right in ((97, True), (99, False), (101, True)):
        clock.at(t); await b.answer(right)
    # E answers question 2 after 38 s (> 30 s + 2 s grace): out of time, no point even though right.
    clock.at(110); await e.enter("hcc")
    clock.at(112); await e.answer(True)
    clock.at(150)
    late = await e.answer(True)
    assert late[0].text.startswith("⏰ Hết giờ câu 2 (quá 30 giây)")
    clock.at(152); await e.answer(False)

    # A second attempt is refused, by command and by an old button.
    again = await assistant.handle(say("/hoithi", "101"))
    assert [r.text for r in again] == [messages.CONTEST_ALREADY.format(name="Hội thi thử", correct=3, total=3)]
    old = payloads_of([first], "ht:a:")[0]
    assert (await assistant.handle(press(old, "101")))[0].text == again[0].text
    store = ContestStore(storage)
    user_a = await storage.upsert_user(channel="telegram", external_id="101", display_name="Người 101")
    entry, created = await store.start_entry(round_id=1, user_id=user_a, unit="vp", questions=[{"x": 1}], at=clock.now)
    assert entry is not None and not created and entry.status == "finished"
    with pytest.raises((sqlite3.IntegrityError, asyncpg.UniqueViolationError)):  # the database itself refuses
        await storage._write(
            "INSERT INTO contest_entries (round_id, user_id, unit, questions, started_at) VALUES (1, ?, 'vp', '[]', ?)",
            (user_a, _ts(clock.now)),
        )

    # While the round runs, participants see only that it runs; the admin sees live standings.
    running = await assistant.handle(say("/ketqua", "105"))
    assert [r.text for r in running] == [messages.CONTEST_RESULTS_RUNNING.format(
        name="Hội thi thử", until="20/11/2025", finished=5)]
    live = await assistant.handle(say("/ketqua", ADMIN))
    assert live[0].text.startswith(messages.CONTEST_RESULTS_LIVE)
    closed = await assistant.handle(say("/donghoithi", ADMIN))
    assert closed[0].text == messages.CONTEST_CLOSED.format(id=1, name="Hội thi thử")
    assert [r.text for r in await assistant.handle(say("/hoithi", "106"))] == [messages.CONTEST_NONE]

    results = await assistant.handle(say("/ketqua", "105"))
    text = results[0].text
    people = [line for line in text.splitlines() if line[:2] in {"1.", "2.", "3.", "4.", "5."}]
    # Score first; equal scores by who finished first: C (t=18) before A (t=35) although A entered
    # first; D (t=100) before B (t=101) although B answered in a tenth of D's time.
    assert [line.split(" – ")[0] for line in people[:5]] == [
        "1. Người 103", "2. Người 101", "3. Người 104", "4. Người 102", "5. Người 105",
    ]
    assert "1. Người 103 – Văn phòng HĐND và UBND: 3/3 câu đúng, hoàn thành lúc 10:00:18 10/11" in text
    assert "5. Người 105 – Trung tâm Phục vụ hành chính công: 1/3 câu đúng" in text
    # Units by mean score: vp (100 + 100 + 66.7) / 3 = 88.9%, 3 of 12 staff; hcc (66.7 + 33.3) / 2 = 50%, 2 of 6.
    assert "1. Văn phòng HĐND và UBND: 88,9%, 3 người dự thi trên 12 biên chế (25%)" in text
    assert "2. Trung tâm Phục vụ hành chính công: 50%, 2 người dự thi trên 6 biên chế (33,3%)" in text
    assert len(results) == 1  # CSV files are for admins

    files = {r.file_name: r.file_bytes for r in await assistant.handle(say("/ketqua 1", ADMIN)) if r.file_name}
    rows = list(csv.reader(io.StringIO(files["ket-qua-hoi-thi-1.csv"].decode("utf-8-sig"))))
    assert rows[0] == list(messages.CONTEST_CSV)
    assert [(r[0], r[1], r[2], r[4], r[7]) for r in rows[1:]] == [
        ("1", "Người 103", "vp", "3", "6.0"), ("2", "Người 101", "vp", "3", "35.0"),
        ("3", "Người 104", "hcc", "2", "60.0"), ("4", "Người 102", "vp", "2", "6.0"),
        ("5", "Người 105", "hcc", "1", "34.0"),  # 2 s + 30 s (the limit: out of time) + 2 s
    ]
    units = list(csv.reader(io.StringIO(files["ket-qua-hoi-thi-1-don-vi.csv"].decode("utf-8-sig"))))
    assert [(r[0], r[1], r[3], r[4], r[5], r[6], r[7]) for r in units[1:]] == [
        ("1", "vp", "3", "12", "25.0", "88.9", "1"), ("2", "hcc", "2", "6", "33.3", "50.0", "3"),
    ]


async def test_coming_back_after_the_limit_counts_the_question_out_of_time(
    assistant: Assistant, storage: Storage, clock: Clock
) -> None:
    await assistant.handle(say(OPEN, ADMIN))
    player = Player(assistant, storage, "201")
    await player.enter("ktht")
    clock.at(300)  # five minutes away from question 1
    back = await assistant.handle(say("/hoithi", "201"))
    assert back[0].text.startswith("⏰ Hết giờ câu 1") and back[1].text.startswith("Hội thi · Câu 2/3")
    clock.at(302)
    assert (await assistant.handle(say("/hoithi", "201")))[0].text.startswith("Hội thi · Câu 2/3")  # just resumes


async def test_admin_commands_explain_mistakes(assistant: Assistant) -> None:
    assert [r.text for r in await assistant.handle(say("/mohoithi", "101"))] == [messages.ADMIN_ONLY]
    cases = {
        "ten=Thử den=01/01/2025 tu=05/01/2025": messages.CONTEST_ERR_PERIOD,
        "ten=Thử den=31/12/2025 giay=3": messages.CONTEST_ERR_FIELDS["seconds"],
        "ten=Thử den=31/12/2025 chude=thoitiet": "không có chủ đề thoitiet",
        "ten=Thử den=31/12/2025 cauhoi=khong-co": "không có câu mã khong-co",
        "ten=Thử den=32/12/2025": "ngày “32/12/2025”",
        'ten="Thử den=31/12/2025': messages.CONTEST_ERR_QUOTES,
        "den=31/12/2025": messages.CONTEST_ERR_NAME,
        "ten=Thử den=31/12/2025 socau=500": messages.CONTEST_ERR_FIELDS["count"],
    }
    for args, reason in cases.items():
        (reply,) = await assistant.handle(say(f"/mohoithi {args}", ADMIN))
        assert reply.text.startswith("Chưa mở được vòng thi:") and reason in reply.text, (args, reply.text)
    assert [r.text for r in await assistant.handle(say("/donghoithi", ADMIN))] == [messages.CONTEST_NOTHING_OPEN]
    assert [r.text for r in await assistant.handle(say("/ketqua", "101"))] == [messages.CONTEST_RESULTS_NONE]
    assert [r.text for r in await assistant.handle(say("/ketqua 99", "101"))] == [messages.CONTEST_UNKNOWN.format(text="99")]


async def test_named_questions_same_for_everyone(assistant: Assistant, storage: Storage) -> None:
    ids = "kh2030-nguoi-dan-95,kh2024-80-phan-tram"
    await assistant.handle(say(f"/mohoithi ten=Vòng-2 den=20/11/2025 cauhoi={ids} giay=60", ADMIN))
    store = ContestStore(storage)
    (round_,) = await store.rounds()
    assert [q["id"] for q in round_.questions] == ids.split(",")
    for user in ("301", "302"):
        await Player(assistant, storage, user).enter("vp")
    entries = [await store.entry(entry_id=n) for n in (1, 2)]
    assert all(e is not None for e in entries)
    assert [[q["id"] for q in e.questions] for e in entries if e] == [ids.split(","), ids.split(",")]


async def test_a_round_past_its_end_is_final_without_closing(assistant: Assistant, storage: Storage, clock: Clock) -> None:
    await assistant.handle(say(OPEN, ADMIN))
    player = Player(assistant, storage, "401")
    await player.enter("vp")
    for t in (3, 6, 9):
        clock.at(t); await player.answer(True)
    clock.now = datetime(2025, 11, 21, 1, 0, tzinfo=timezone.utc)  # 08:00 local on the day after "den"
    (results,) = await assistant.handle(say("/ketqua", "402"))
    assert results.text.startswith("KẾT QUẢ HỘI THI “Hội thi thử” (vòng #1)")
    assert "1. Người 401 – Văn phòng HĐND và UBND: 3/3 câu đúng" in results.text
    assert [r.text for r in await assistant.handle(say("/hoithi", "402"))] == [messages.CONTEST_NONE]
