"""Contest rankings count only people the office enrolled (issue 12), on both database backends.

Anyone could pick a unit and enter, and the unit ranking, its participation against the
headcount and the people's ranking counted them. Now an entry from a person not enrolled in
its unit is practice: announced as such before it starts, played and scored, left out of
every ranking and figure, and counted as left out.
"""

from __future__ import annotations

import csv
import io

from contest_helpers import ADMIN, OPEN, Clock, Player, payloads_of, press, say

from bot import messages
from bot.dialogue.assistant import Assistant
from bot.storage.contest import ContestStore
from bot.storage.database import Storage


def _rows(data: bytes | None) -> list[list[str]]:
    assert data is not None
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


async def test_entry_of_someone_not_enrolled_is_practice_and_left_out(
    assistant: Assistant, storage: Storage, clock: Clock
) -> None:
    await assistant.handle(say(OPEN, ADMIN))
    store = ContestStore(storage)
    # An anonymous web visitor is told first that the entry would be practice; nothing starts yet.
    (prompt,) = await assistant.handle(say("/hoithi", "web-visitor-1", "web"))
    assert prompt.text == messages.CONTEST_PRACTICE_PROMPT and "/thamgia" in prompt.text
    assert payloads_of([prompt], "ht:u:") and await store.entry_counts(round_id=1) == {
        "active": 0, "finished": 0, "practice": 0}
    visitor = Player(assistant, storage, "web-visitor-1", "web")
    await visitor.enter("vp", enrolled=False)  # picks a unit: plays, for practice
    for t in (2, 4, 6):
        clock.at(t); await visitor.answer(True)
    done = visitor.replies[-1].text
    assert done.startswith("🏁 Bạn đã hoàn thành vòng thi “Hội thi thử”: 3/3 câu đúng")  # sees the score
    assert messages.CONTEST_PRACTICE_NOTE in done
    # An enrolled person finishes later with fewer right: first of the ranking all the same.
    staff = Player(assistant, storage, "501")
    clock.at(10); await staff.enter("hcc")
    for t, right in ((12, True), (14, False), (16, True)):
        clock.at(t); await staff.answer(right)
    assert messages.CONTEST_PRACTICE_NOTE not in staff.replies[-1].text

    assert await store.entry_counts(round_id=1) == {"active": 0, "finished": 1, "practice": 1}
    (running,) = await assistant.handle(say("/ketqua", "501"))
    assert running.text == messages.CONTEST_RESULTS_RUNNING.format(name="Hội thi thử", until="20/11/2025", finished=1)
    await assistant.handle(say("/donghoithi", ADMIN))
    results = await assistant.handle(say("/ketqua 1", ADMIN))
    text = results[0].text
    assert messages.CONTEST_RESULTS_PRACTICE.format(count=1) in text
    assert "mỗi câu 30 giây; 1 người hoàn thành." in text
    assert "1. Người 501 – Trung tâm Phục vụ hành chính công: 2/3 câu đúng" in text
    assert "Người web-visitor-1" not in text and "2. " not in text
    assert "1. Trung tâm Phục vụ hành chính công: 66,7%, 1 người dự thi trên 6 biên chế (16,7%)" in text
    assert "Văn phòng HĐND và UBND" not in text  # the unit the visitor picked has no one counted
    files = {r.file_name: r.file_bytes for r in results if r.file_name}
    assert [row[1] for row in _rows(files["ket-qua-hoi-thi-1.csv"])[1:]] == ["Người 501"]
    assert [row[1] for row in _rows(files["ket-qua-hoi-thi-1-don-vi.csv"])[1:]] == ["hcc"]


async def test_enrolled_person_enters_for_their_unit(assistant: Assistant, storage: Storage) -> None:
    await assistant.handle(say(OPEN, ADMIN))
    player = Player(assistant, storage, "502")
    await player.enrol("vp")
    # A unit button from before the enrolment: the enrolled unit stands, and the entry starts.
    (fixed, first) = await assistant.handle(press("ht:u:1:hcc", "502"))
    assert fixed.text == messages.ENROL_UNIT_FIXED.format(unit="Văn phòng HĐND và UBND")
    assert "Hội thi · Câu 1/3" in first.text and messages.CONTEST_PRACTICE_NOTE not in first.text
    entry = await ContestStore(storage).entry(entry_id=1)
    assert entry is not None and entry.unit == "vp" and not entry.practice


async def test_enrolling_during_a_practice_entry_does_not_promote_it(
    assistant: Assistant, storage: Storage, clock: Clock
) -> None:
    await assistant.handle(say(OPEN, ADMIN))
    player = Player(assistant, storage, "503")
    await player.enter("vp", enrolled=False)
    clock.at(2); await player.answer(True)
    await player.enrol("vp")  # halfway: the entry stays practice (a score must not be picked afterwards)
    (resumed,) = await assistant.handle(say("/hoithi", "503"))
    assert resumed.text.startswith("Hội thi · Câu 2/3")
    player.replies = [resumed]
    for t in (4, 6):
        clock.at(t); await player.answer(True)
    assert messages.CONTEST_PRACTICE_NOTE in player.replies[-1].text
    (results,) = await assistant.handle(say("/ketqua", "504"))  # not yet closed: participants see the count
    assert "0 người đã hoàn thành" in results.text
    entries = await ContestStore(storage).results(round_id=1)
    assert [(e.unit, e.practice) for e in entries] == [("vp", True)]
