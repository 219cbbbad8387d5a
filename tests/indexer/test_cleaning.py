"""Tests for indexer.cleaning: normalisation, markup, broken lines, tail removal."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from indexer.cleaning import clean_text, continues_sentence, join_broken_lines, split_tail, strip_markup

SIGNERS = ["Nguyễn Đình Tranh", "Phạm Thị Mai Hương", "Nguyễn Văn Thành", "A.Trang"]


def test_nfd_and_tone_placement_are_normalised() -> None:
    text = unicodedata.normalize("NFD", "Kế hoạch hoà nhập, thuỷ lợi.")
    assert clean_text(text).lines == ("Kế hoạch hòa nhập, thủy lợi.",)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("**KT. GIÁM ĐỐC**", "KT. GIÁM ĐỐC"),
        ("+ *Cải cách thể chế*: tuyên truyền", "+ Cải cách thể chế: tuyên truyền"),
        ("gửi về Sở (*qua Phòng Hành chính*) **trước ngày 10/11/2022**", "gửi về Sở (qua Phòng Hành chính) trước ngày 10/11/2022"),
        ("* mục danh sách", "* mục danh sách"),
        ("- gạch đầu dòng", "- gạch đầu dòng"),
        ("3 * 4 = 12", "3 * 4 = 12"),
    ],
)
def test_strip_markup(raw: str, expected: str) -> None:
    assert strip_markup(raw) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # Broken mid-sentence, with a blank line inside the sentence (seed 000).
        (["- phải kịp thời, đầy đủ, thường xuyên,", "", "liên tục, đa chiều."], ["- phải kịp thời, đầy đủ, thường xuyên, liên tục, đa chiều."]),
        # Broken after a word (seed 004).
        (["chương trình chuyển đổi số", "", "quốc gia đến năm 2025."], ["chương trình chuyển đổi số quốc gia đến năm 2025."]),
        # A comma continues the sentence even before a capital (seed 001 preamble).
        (["trên địa bàn tỉnh Bình Phước,", "", "Sở Lao động xây dựng Kế hoạch"], ["trên địa bàn tỉnh Bình Phước, Sở Lao động xây dựng Kế hoạch"]),
        # A finished sentence stays apart even if the next starts lower-case.
        (["Câu đã xong.", "tiếp theo"], ["Câu đã xong.", "tiếp theo"]),
        # Headings and bullets are never glued on.
        (["1. Mục tiêu", "", "- Nâng cao nhận thức"], ["1. Mục tiêu", "- Nâng cao nhận thức"]),
        (["nội dung cơ bản sau", "+ Cải cách thể chế"], ["nội dung cơ bản sau", "+ Cải cách thể chế"]),
        (["các nội dung sau", "a) Đăng tải bản tin"], ["các nội dung sau", "a) Đăng tải bản tin"]),
        # The type line and the title are not swallowed; a lower-case title line joins the title.
        (["KẾ HOẠCH", "Tuyên truyền cải cách hành chính năm 2022", "trên địa bàn huyện Ninh Giang", "", "Căn cứ Nghị quyết"],
         ["KẾ HOẠCH", "Tuyên truyền cải cách hành chính năm 2022 trên địa bàn huyện Ninh Giang", "Căn cứ Nghị quyết"]),
        (["Số: 18/KH-UBND", "", "Ninh Giang, ngày 28 tháng 01 năm 2022"], ["Số: 18/KH-UBND", "Ninh Giang, ngày 28 tháng 01 năm 2022"]),
        # Roman headings are all-caps: nothing is joined onto them.
        (["I. MỤC ĐÍCH YÊU CẦU", "của kế hoạch"], ["I. MỤC ĐÍCH YÊU CẦU", "của kế hoạch"]),
    ],
)
def test_join_broken_lines(lines: list[str], expected: list[str]) -> None:
    assert join_broken_lines(lines) == expected


def test_closing_quote_does_not_hide_sentence_end() -> None:
    assert not continues_sentence("phong cách Hồ Chí Minh.”", "tiếp theo")


def test_tail_from_recipients_line() -> None:
    lines = ["I. MỤC ĐÍCH", "Nội dung.", "Nội dung khác.", "Nơi nhận:", "- Sở Nội vụ;", "- Lưu: VT."]
    body, tail = split_tail(lines)
    assert body == lines[:3]
    assert tail[0] == "Nơi nhận:"


def test_signature_before_recipients_is_tail() -> None:
    text = "I. MỤC ĐÍCH\n\nNội dung.\n\nThêm nội dung.\n\nKT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN\n\nNơi nhận:\n- Lưu: VT."
    cleaned = clean_text(text)
    assert cleaned.lines == ("I. MỤC ĐÍCH", "Nội dung.", "Thêm nội dung.")
    assert cleaned.tail[0] == "KT. TRƯỞNG BAN"


def test_signature_without_recipients_is_tail() -> None:
    text = "I. MỤC ĐÍCH\n\nNội dung.\n\nThêm nội dung.\n\n**TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH**\n\nNguyễn Văn A"
    cleaned = clean_text(text)
    assert cleaned.lines == ("I. MỤC ĐÍCH", "Nội dung.", "Thêm nội dung.")
    assert cleaned.tail == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A")


def test_body_mentions_of_titles_are_not_tail() -> None:
    text = "I. MỤC ĐÍCH\n\nNội dung.\n\nBáo cáo Giám đốc Sở kết quả.\n\nPhó Giám đốc phụ trách."
    assert len(clean_text(text).lines) == 4


def test_closing_paragraph_goes_to_tail() -> None:
    text = "I. MỤC ĐÍCH\n\nNội dung.\n\nTrên đây là Kế hoạch tuyên truyền năm 2022./.\n\nNơi nhận:\n- Lưu: VT."
    cleaned = clean_text(text)
    assert cleaned.lines == ("I. MỤC ĐÍCH", "Nội dung.")
    assert cleaned.tail[0].startswith("Trên đây là Kế hoạch")


def test_page_numbers_are_dropped() -> None:
    assert clean_text("Nội dung trang một,\n\n- 2 -\n\ntiếp tục trang hai.").lines == (
        "Nội dung trang một, tiếp tục trang hai.",
    )


def test_seed_body_has_no_tail(seed_path: Path) -> None:
    cleaned = clean_text(seed_path.read_text(encoding="utf-8"))
    body = cleaned.body
    assert "Nơi nhận" not in body
    assert "**" not in body
    assert not any(name in body for name in SIGNERS)
    assert not any(line in {"GIÁM ĐỐC", "CHỦ TỊCH", "PHÓ GIÁM ĐỐC", "PHÓ TRƯỞNG BAN"} for line in cleaned.lines)
    assert any(line.startswith("Nơi nhận") for line in cleaned.tail)
    assert not any(line.startswith("Trên đây là") for line in cleaned.lines)
