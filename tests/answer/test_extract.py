"""Unit selection: list lead-ins bring their items, source lines are skipped, headings count."""

from __future__ import annotations

import pytest

from bot.answer.extract import Passage, QueryTerms, clip_around, clip_words, next_lead, select, trailing_lead
from bot.answer.focus import answer_shape
from indexer.procedures import ALIASES_LABEL


def _idf(token: str) -> float:
    return 1.0


def test_lead_in_brings_its_items_in_order() -> None:
    text = "Nguyên tắc chung của cơ quan.\nCán bộ bị cấm:\n- từ chối hồ sơ;\n- đòi thêm giấy tờ;\nNguồn: Nghị định 61."
    picked = select([Passage(text)], ["cán", "bộ", "bị", "cấm"], _idf, 800)
    assert picked == [["Cán bộ bị cấm:", "- từ chối hồ sơ;", "- đòi thêm giấy tờ;"]]


@pytest.mark.parametrize(
    "line",
    [
        "Nguồn: Nghị định 61/2018/NĐ-CP.",
        f"{ALIASES_LABEL}: làm hộ chiếu; làm passport; hộ chiếu gửi về nhà",  # the names it is found by answer nothing
    ],
)
def test_source_and_alias_lines_are_never_quoted(line: str) -> None:
    text = f"{line}\nHộ chiếu được trả qua bưu điện nếu đăng ký."
    picked = select([Passage(text)], ["hộ", "chiếu", "gửi", "về", "nhà", "nghị", "định"], _idf, 800)
    assert all(line not in quoted for lines in picked for quoted in lines)
    assert picked == [["Hộ chiếu được trả qua bưu điện nếu đăng ký."]]


def test_heading_match_favours_the_section_asked_for() -> None:
    passages = [Passage("- Hội nghị, tập huấn.", heading="Hình thức"), Passage("- Nhân dân trên địa bàn.", heading="Đối tượng")]
    picked = select(passages, ["đối", "tượng"], _idf, 30)
    assert picked == [[], ["- Nhân dân trên địa bàn."]]


def test_lead_in_carries_over_to_the_next_piece_of_a_section() -> None:
    lead = trailing_lead("- Tuyên truyền gồm các nội dung sau:\n+ Cải cách thể chế.")
    assert lead == "- Tuyên truyền gồm các nội dung sau:"
    assert next_lead(lead, "- Mục khác.") == ""


def test_a_long_lead_in_is_clipped_so_its_list_fits() -> None:
    lead = "- Tuyên truyền về tầm quan trọng, " + "ý nghĩa, mục tiêu, nhiệm vụ, " * 10 + "gồm các nội dung sau:"
    items = [f"+ Cải cách số {n}: " + "việc cụ thể khác " * 10 for n in range(1, 6)]
    picked = select([Passage("\n".join([lead, *items]))], ["tuyên", "truyền", "nội", "dung"], _idf, 800)
    quoted = picked[0]
    assert quoted[0].startswith("- Tuyên truyền về tầm quan trọng") and quoted[0].endswith("gồm các nội dung sau:")
    assert len(quoted[0]) < len(lead)
    assert [line.split(":")[0] for line in quoted[1:]] == [f"+ Cải cách số {n}" for n in range(1, 6)]


def test_a_later_sentence_of_an_item_does_not_close_its_list() -> None:
    long_item = "+ Cải cách thủ tục: " + "đơn giản hóa hồ sơ, " * 14 + "rõ ràng. Tuyên truyền các vấn đề cần biết."
    text = "\n".join(["Gồm các nội dung sau:", long_item, "+ Cải cách tổ chức bộ máy."])
    picked = select([Passage(text)], ["nội", "dung"], _idf, 800)
    assert picked[0][0] == "Gồm các nội dung sau:"
    assert picked[0][-1] == "+ Cải cách tổ chức bộ máy."


def test_a_whole_passage_is_quoted_whole() -> None:
    header = "Số: 18/KH-UBND\nNinh Giang, ngày 28 tháng 01 năm 2022\nKẾ HOẠCH"
    picked = select([Passage(header, whole=True)], ["kế", "hoạch", "18"], _idf, 800)
    assert picked == [header.splitlines()]


def test_title_bigrams_can_be_discounted() -> None:
    # The first unit only restates the title phrase; the second answers under its heading.
    passages = [Passage("Tuyên truyền cải cách hành chính."), Passage("Nâng cao nhận thức.", heading="Mục đích")]
    tokens = ["mục", "đích", "nâng", "tuyên", "truyền", "cải", "cách"]
    title = {"tuyen", "truyen", "cai", "cach"}  # select() compares folded syllables

    def idf(token: str) -> float:
        return 0.3 if token in title else 1.0

    def pair(a: str, b: str) -> float:
        return 0.5 if a in title and b in title else 1.0

    assert select(passages, tokens, idf, 40) == [["Tuyên truyền cải cách hành chính."], []]
    assert select(passages, tokens, idf, 40, pair) == [[], ["Nâng cao nhận thức."]]


def test_an_over_long_unit_is_cut_around_the_clause_that_answers() -> None:
    unit = (
        "Trên cơ sở Kế hoạch này, theo chức năng nhiệm vụ được phân công, Giám đốc yêu cầu các phòng "
        "triển khai thực hiện nghiêm túc các nội dung, đề xuất giải pháp phù hợp với tình hình thực tế, "
        "thông qua Văn phòng (đ/c Anh Trang) tổng hợp báo cáo Giám đốc."
    )
    terms = QueryTerms(["tổng", "hợp", "báo", "cáo"], lambda token: 1.0)
    clipped = clip_around(unit, 120, terms)
    assert len(clipped) <= 120 and "Anh Trang" in clipped and clipped.startswith("…")
    assert clip_words(unit, 120).endswith("…") and "Anh Trang" not in clip_words(unit, 120)


def test_phrases_of_a_question_without_diacritics_keep_scaffolding_beside_a_topic_word() -> None:
    """Folded, "the" is "thế" or "thẻ": beside "doi" it is the card of "đổi thẻ"."""
    from bot.answer.scope import ScopeModel

    scope = ScopeModel(["Phải đổi thẻ khi đủ 14 tuổi."])
    assert ("doi", "the") in scope.phrases("khi nao phai doi the")
    assert ("khi", "nao") not in scope.phrases("khi nao phai doi the")  # two scaffolding words
    assert scope.phrases("Khi nào phải đổi thẻ") == set()  # read as typed, "thẻ" is a topic word


def test_a_unit_opening_with_the_question_s_words_beats_one_naming_them_in_passing() -> None:
    passages = [Passage(
        "Giám đốc yêu cầu các phòng triển khai nghiêm túc các nội dung và hằng năm báo cáo kết quả thực hiện "
        "lồng ghép vào báo cáo công tác CCHC của Sở.\n"
        "- Lồng ghép tuyên truyền CCHC với phổ biến chủ trương của Đảng."
    )]
    picked = select(passages, ["lồng", "ghép", "tuyên", "truyền"], lambda t: 1.0, 80)
    assert picked[0][0].startswith("- Lồng ghép tuyên truyền")


@pytest.mark.parametrize(
    ("question", "unit", "labelled"),
    [
        ("Mức độ 3 theo Nghị định 43/2011 là gì?", "- Mức độ 3: thêm việc điền và gửi mẫu trực tuyến.", True),
        ("Văn bản cũ ghi dịch vụ công mức độ 2, vậy mức độ 2 là thế nào?", "- Mức độ 2: cho tải mẫu đơn.", True),
        ("Mức độ 3 theo Nghị định 43/2011 là gì?", "- Mức độ 4: trả lệ phí trực tuyến.", False),
        ("Mức độ 3 theo Nghị định 43/2011 là gì?", "Cách chia mức độ 1, 2, 3, 4 đã được thay.", False),
    ],
)
def test_a_definition_prefers_the_item_labelled_with_the_term(question: str, unit: str, labelled: bool) -> None:
    shape = answer_shape(question)
    assert shape is not None and (shape.search(unit) is not None) == labelled


def test_a_long_lead_in_is_cut_around_what_the_question_asks() -> None:
    """A lead-in whose middle holds the asked period keeps that clause when its opening and close are quoted."""
    lead = ("- Tuyên truyền, phổ biến về tầm quan trọng, ý nghĩa, mục tiêu, nhiệm vụ và tác động của cải cách hành chính "
            "đến phát triển kinh tế - xã hội của tỉnh; tuyên truyền tình hình triển khai, kết quả, thành tựu trong thực hiện "
            "Kế hoạch cải cách hành chính giai đoạn 2021 - 2025 trên địa bàn tỉnh, gồm các nội dung cơ bản sau:")
    text = f"{lead}\n+ Cải cách thể chế: tuyên truyền các quy định.\n+ Cải cách thủ tục hành chính."
    passage = Passage(text=text)
    chosen = select([passage], ["kết", "quả", "kế", "hoạch", "giai", "đoạn"], lambda _: 1.0, 600)
    assert any("2021 - 2025" in unit for unit in chosen[0])
