"""The verifier over hand-made passages: what it accepts and each reason it refuses."""

from __future__ import annotations

import pytest

from bot.llm.passages import Passage
from bot.llm.verify import sentences, verify

ONE_STOP = Passage(
    1,
    "Từ 01/7/2025, việc giải quyết thủ tục hành chính theo cơ chế một cửa thực hiện theo Nghị định "
    "118/2025/NĐ-CP ngày 09/6/2025.\n- Thời hạn trả lời là 07 ngày làm việc; lệ phí 50.000 đồng.",
    "Ghi chú pháp lý “Cơ chế một cửa, một cửa liên thông”, phần “Văn bản nào đang áp dụng?”",
)
OLD = Passage(
    2,
    "Bộ phận Tiếp nhận và Trả kết quả cấp huyện tiếp nhận hồ sơ theo Nghị định 61/2018/NĐ-CP.",
    "Nghị định 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ",
    notes=("Lưu ý: quy định này đã được thay thế bởi Nghị định 118/2025/NĐ-CP từ 01/7/2025.",),
    replaced=True,
)
PASSAGES = [ONE_STOP, OLD]


@pytest.mark.parametrize(
    "draft",
    [
        "Từ 1/7/2025, cơ chế một cửa thực hiện theo Nghị định 118/2025/NĐ-CP [1].",
        "Từ ngày 1 tháng 7 năm 2025 áp dụng Nghị định 118/2025/nđ-cp [1]. Thời hạn là 7 ngày làm việc [1].",
        "Lệ phí là 50,000 đồng. [1]",  # the citation after the full stop
        "Các điểm chính:\n- Áp dụng Nghị định 118/2025/NĐ-CP [1].\n- Lệ phí 50 000 đồng [1].",
        "Trước đây, hồ sơ được tiếp nhận theo Nghị định 61/2018/NĐ-CP, nay đã được thay thế [2].",
        "**Nghị định 118/2025/NĐ-CP** áp dụng từ 01/07/2025 [1, 2].",
    ],
)
def test_faithful_drafts_are_accepted(draft: str) -> None:
    assert verify(draft, PASSAGES).outcome == "accepted"


@pytest.mark.parametrize(
    ("draft", "outcome"),
    [
        ("Lệ phí là 60.000 đồng [1].", "unverified_fact"),
        ("Thời hạn là 7 ngày [1].", "unverified_fact"),  # the passage says working days
        ("Từ 1/8/2025 áp dụng Nghị định 118/2025/NĐ-CP [1].", "unverified_fact"),
        ("Áp dụng Nghị định 118/2024/NĐ-CP [1].", "unverified_fact"),
        ("Lệ phí 50.000 đồng [2].", "unverified_fact"),  # true, but not in the passage it cites
        ("Lệ phí là 50.000 đồng [3].", "unknown_passage"),
        ("Lệ phí là 50.000 đồng [1]. Hồ sơ nộp tại [0].", "unknown_passage"),
        ("Lệ phí là 50.000 đồng [1]. Người dân nộp hồ sơ trực tuyến.", "uncited_sentence"),
        ("Người dân nộp hồ sơ tại Bộ phận Một cửa.", "uncited_sentence"),
        ("Hiện nay hồ sơ được tiếp nhận theo Nghị định 61/2018/NĐ-CP [2].", "replaced_as_current"),
        ("Nghị định 61/2018/NĐ-CP đang áp dụng cho cơ chế một cửa [1][2].", "replaced_as_current"),
    ],
)
def test_unfaithful_drafts_are_refused(draft: str, outcome: str) -> None:
    assert verify(draft, PASSAGES).outcome == outcome


def test_a_lead_in_needs_no_citation_unless_it_states_a_fact() -> None:
    assert verify("Hồ sơ gồm:\n- Lệ phí 50.000 đồng [1].", PASSAGES).ok
    assert verify("Từ 01/7/2025 hồ sơ gồm:\n- Lệ phí 50.000 đồng [1].", PASSAGES).outcome == "uncited_sentence"


def test_a_draft_citing_nothing_is_refused() -> None:
    assert verify("Hồ sơ gồm:", PASSAGES).outcome == "uncited_sentence"


def test_sentences_split_and_keep_their_citations() -> None:
    split = sentences("Câu một có số 50.000 [1]. Câu hai [1-2].\n- Mục ba [2] ; thêm. [1]\nTP. Hồ Chí Minh áp dụng [1].")
    assert [s.cites for s in split] == [(1,), (1, 2), (2, 1), (1,)]
    assert split[0].text == "Câu một có số 50.000 ."
    assert split[-1].text.startswith("TP. Hồ Chí Minh")


def test_accepted_verdict_lists_cited_passages() -> None:
    verdict = verify("Áp dụng Nghị định 118/2025/NĐ-CP [1]. Nghị định 61/2018/NĐ-CP đã được thay thế [2].", PASSAGES)
    assert verdict.ok and verdict.cited == (1, 2)
