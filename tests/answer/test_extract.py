"""Unit selection: list lead-ins bring their items, source lines are skipped, headings count."""

from __future__ import annotations

from bot.answer.extract import Passage, next_lead, select, trailing_lead


def _idf(token: str) -> float:
    return 1.0


def test_lead_in_brings_its_items_in_order() -> None:
    text = "Nguyên tắc chung của cơ quan.\nCán bộ bị cấm:\n- từ chối hồ sơ;\n- đòi thêm giấy tờ;\nNguồn: Nghị định 61."
    picked = select([Passage(text)], ["cán", "bộ", "bị", "cấm"], _idf, 800)
    assert picked == [["Cán bộ bị cấm:", "- từ chối hồ sơ;", "- đòi thêm giấy tờ;"]]


def test_source_lines_are_never_quoted() -> None:
    picked = select([Passage("Nguồn: Nghị định 61/2018/NĐ-CP.\nMột cửa là một đầu mối.")], ["nghị", "định", "một", "cửa"], _idf, 800)
    assert all(not line.startswith("Nguồn") for lines in picked for line in lines)


def test_heading_match_favours_the_section_asked_for() -> None:
    passages = [Passage("- Hội nghị, tập huấn.", heading="Hình thức"), Passage("- Nhân dân trên địa bàn.", heading="Đối tượng")]
    picked = select(passages, ["đối", "tượng"], _idf, 30)
    assert picked == [[], ["- Nhân dân trên địa bàn."]]


def test_lead_in_carries_over_to_the_next_piece_of_a_section() -> None:
    lead = trailing_lead("- Tuyên truyền gồm các nội dung sau:\n+ Cải cách thể chế.")
    assert lead == "- Tuyên truyền gồm các nội dung sau:"
    assert next_lead(lead, "- Mục khác.") == ""
