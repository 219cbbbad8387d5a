"""The follow-up rule: messages without a subject of their own continue the last one; others switch."""

from __future__ import annotations

import pytest

from bot.answer.followup import is_followup, own_words, standalone, topic_of
from bot.answer.models import Subject

PAR = Subject(doc_id="legal/chi-so-cchc", topic=topic_of("Chỉ số PAR INDEX là gì?"))
PLAN = Subject(doc_id="plans/x", topic=topic_of("Mục tiêu tuyên truyền CCHC năm 2024 của Ban Quản lý các KCN Sóc Trăng"))


@pytest.mark.parametrize(
    ("message", "subject"),
    [
        ("ai công bố chỉ số này?", PAR),
        ("ai cong bo chi so nay", PAR),
        ("nghị quyết đó ban hành năm nào?", PAR),
        ("còn hình thức tuyên truyền?", PLAN),
        ("con hinh thuc tuyen truyen thi sao", PLAN),
        ("bao lâu?", PLAN),
        ("ở đâu?", PAR),
    ],
)
def test_messages_without_a_subject_follow_up(message: str, subject: Subject) -> None:
    assert is_followup(message, subject)


@pytest.mark.parametrize(
    "message",
    [
        "PAPI đo những nội dung gì về quản trị cấp tỉnh?",
        "Văn hóa công vụ gồm những chuẩn mực nào?",
        "dich vu cong truc tuyen toan trinh la gi",
        "Kế hoạch tuyên truyền của huyện Ninh Giang năm 2022 có những hình thức nào?",
    ],
)
def test_messages_naming_their_own_subject_switch(message: str) -> None:
    assert not is_followup(message, PAR)


def test_nothing_to_follow_without_a_subject() -> None:
    assert not is_followup("còn lệ phí thì sao?", None)


def test_standalone_appends_the_remembered_subject() -> None:
    query = standalone("ai công bố chỉ số này?", PAR)
    assert query.startswith("ai công bố chỉ số này") and "par index" in query.lower()
    assert own_words("ai công bố chỉ số này?", PAR) == []
