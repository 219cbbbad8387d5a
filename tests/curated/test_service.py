"""Curated answers in use: stored, cached, refreshed, and asked before retrieval by the assistant."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot import messages, payloads
from bot.curated.models import CuratedDraft
from bot.curated.service import CuratedAnswers, local_today
from bot.dialogue.assistant import Assistant
from bot.dialogue.models import Incoming
from bot.storage.curated import CuratedStore
from bot.storage.database import Storage

HOURS = "Giờ làm việc của Bộ phận một cửa huyện?"
HOURS_ANSWER = "Bộ phận một cửa làm việc từ thứ Hai đến thứ Sáu.\nSáng 7h30–11h30, chiều 13h30–17h00."
# A question the documents answer (the web chat's sample question).
PAR = "Chỉ số PAR INDEX là gì?"


def _ask(text: str, user: str = "7") -> Incoming:
    return Incoming(channel="web", user_id=user, text=text)


def _draft(questions: list[str], answer: str = HOURS_ANSWER, **fields: object) -> CuratedDraft:
    return CuratedDraft(questions=tuple(questions), answer=answer, **fields)


async def test_a_matching_question_is_answered_from_the_curated_answer(assistant: Assistant, storage: Storage) -> None:
    stored = await CuratedStore(storage).create(
        _draft([HOURS], source_document="Quyết định 12/QĐ-UBND", source_section="Điều 3",
               source_url="https://example.gov.vn/qd12"),
        by="lan",
    )
    await assistant.curated.refresh()
    [reply] = await assistant.handle(_ask("gio lam viec bo phan mot cua huyen"))
    answer = reply.answer
    assert answer is not None and answer.kind == "curated" and answer.found
    assert answer.direct == "Bộ phận một cửa làm việc từ thứ Hai đến thứ Sáu."
    assert answer.details == ["Sáng 7h30–11h30, chiều 13h30–17h00."]
    assert answer.citation is not None and answer.citation.document == messages.CURATED_CITATION
    assert answer.citation.section == "căn cứ Quyết định 12/QĐ-UBND, Điều 3"
    assert answer.citation.url == "https://example.gov.vn/qd12"
    assert "Nguồn: Theo câu trả lời của cán bộ quản trị, căn cứ Quyết định 12/QĐ-UBND, Điều 3." in reply.text
    # The hit is the log line itself, and the citation button shows the curated text.
    assert (await CuratedStore(storage).hits())[stored.id].count == 1
    [source] = await assistant.handle(
        Incoming(channel="web", user_id="7", kind="button", payload=payloads.encode(payloads.More(0, reply.log_id)))
    )
    assert source.text.startswith(HOURS_ANSWER) and messages.CURATED_CITATION in source.text


async def test_curated_wins_over_retrieval_only_above_the_threshold(assistant: Assistant, storage: Storage) -> None:
    """A question the documents answer is taken over when it matches, and left alone when it is only close."""
    before = (await assistant.handle(_ask(PAR)))[0].answer
    assert before is not None and before.kind == "document"
    await CuratedStore(storage).create(_draft([PAR], answer="Câu trả lời biên soạn về PAR INDEX."), by="lan")
    await assistant.curated.refresh()
    taken = (await assistant.handle(_ask("chi so par index la gi")))[0].answer
    assert taken is not None and taken.kind == "curated"
    near = "Chỉ số PAR INDEX năm 2023 của tỉnh là bao nhiêu?"  # another question about the same index
    assert (await assistant.curated.answer(near)) is None
    left = (await assistant.handle(_ask(near)))[0].answer
    assert left is not None and left.kind != "curated"


async def test_disable_expire_edit_and_delete_take_effect_at_once(storage: Storage) -> None:
    service = CuratedAnswers(storage)
    store = service.store
    stored = await store.create(_draft([HOURS]), by="lan")
    await service.refresh()
    assert await service.answer(HOURS) is not None
    await store.set_enabled(stored.id, False, by="lan")
    await service.refresh()
    assert await service.answer(HOURS) is None
    await store.update(stored.id, _draft([HOURS], answer="Mới.", expires_on=local_today()), by="lan")
    await service.refresh()
    assert (await service.answer(HOURS)).direct == "Mới."
    assert await service.answer(HOURS, today=local_today() + timedelta(days=1)) is None
    assert await store.delete(stored.id)
    await service.refresh()
    assert await service.answer(HOURS) is None and service.source_text(f"curated:{stored.id}") is None


async def test_the_cache_is_read_once_and_sees_other_processes_after_the_refresh_interval(tmp_path: Path) -> None:
    now = [0.0]
    mine, theirs = await Storage.open(tmp_path / "db.sqlite3"), await Storage.open(tmp_path / "db.sqlite3")
    try:
        service = CuratedAnswers(mine, refresh_seconds=60, clock=lambda: now[0])
        assert await service.answer(HOURS) is None  # loads the (empty) index
        await CuratedStore(theirs).create(_draft([HOURS]), by="cli")  # another process's import
        now[0] = 59.0
        assert await service.answer(HOURS) is None  # still the cached index: no query per question
        now[0] = 61.0
        assert await service.answer(HOURS) is not None
    finally:
        await mine.close()
        await theirs.close()


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"questions": "\n \n", "answer": "x"}, messages.CURATED_NO_QUESTION),
        ({"questions": "Hỏi?", "answer": "  "}, messages.CURATED_NO_ANSWER),
        ({"questions": "Hỏi?", "answer": "x", "source_url": "javascript:alert(1)"}, messages.CURATED_BAD_URL),
        ({"questions": "Hỏi?", "answer": "x", "expires_on": "31/02/2025"}, "Ngày hết hạn: giá trị không hợp lệ."),
    ],
)
def test_drafts_are_refused_with_a_vietnamese_reason(fields: dict, reason: str) -> None:
    from pydantic import ValidationError

    from bot.curated.models import draft_errors

    with pytest.raises(ValidationError) as caught:
        CuratedDraft.model_validate(fields)
    assert any(reason in text for text in draft_errors(caught.value))


def test_variants_are_normalised_and_deduplicated_ignoring_diacritics() -> None:
    draft = CuratedDraft.model_validate({"questions": "Thủ tục hoà giải?\nthu tuc hoa giai\n\nThủ tục hòa giải?", "answer": "x"})
    assert draft.questions == ("Thủ tục hòa giải?",)
