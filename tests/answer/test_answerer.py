"""Cited extractive answers over the shipped knowledge base (real e5, FAISS, BM25)."""

from __future__ import annotations

import pytest

from bot.knowledge import KnowledgeBase
from indexer.lexical import folded_text
from indexer.structure import text_units


def _body_lines(answer: str) -> list[str]:
    """Answer lines before the citation ("Nguồn: ..."), without the section headings."""
    body = answer.split("\nNguồn: Theo")[0]
    return [line for line in body.splitlines() if line.strip() and not line.endswith(":")]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Đến năm 2030 bao nhiêu phần trăm công chức được khảo sát nắm vững mục tiêu CCHC?", "100% công chức"),
        ("muc tieu tuyen truyen cchc 2024 cua ban quan ly cac khu cong nghiep soc trang", "80%"),
        ("nghị quyết 76 ban hành chương trình gì", "2021"),
        ("nq76", "76/NQ-CP"),
        ("quyết định 1847 về văn hóa công vụ", "1847"),
    ],
)
def test_in_scope_questions_are_answered_with_the_fact(knowledge: KnowledgeBase, question: str, expected: str) -> None:
    answer = knowledge.answer(question)
    assert answer.found
    assert folded_text(expected) in folded_text(answer.answer)
    assert "Nguồn: Theo" in answer.answer
    assert answer.sources and answer.sources[0].citation


@pytest.mark.parametrize(
    "question",
    [
        "giá vàng hôm nay", "thoi tiet ha noi ngay mai", "cách nấu phở bò", "tỷ số trận Việt Nam Thái Lan", "", "   ", "?!",
        # Procedures the catalogue lacks, whose words its entries share ("Đã ly hôn" is a
        # document of "Đăng ký kết hôn"): declined, not answered from the wrong entry.
        "thủ tục ly hôn như thế nào", "ly hôn cần giấy tờ gì", "thủ tục nhận con nuôi",
    ],
)
def test_out_of_scope_is_declined_politely(knowledge: KnowledgeBase, question: str) -> None:
    answer = knowledge.answer(question)
    assert not answer.found
    # Either "nothing found" with what the assistant covers, or "the catalogue lacks this
    # procedure" with where to ask: both say where else to look.
    assert ("chưa tìm thấy" in answer.answer and "một cửa" in answer.answer) or (
        "không có thủ tục" in answer.answer and "dichvucong.gov.vn" in answer.answer
    )


def test_citation_names_document_number_date_and_section(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Huyện Ninh Giang tuyên truyền nội dung gì về cơ chế một cửa, một cửa liên thông?")
    assert answer.found
    assert "Kế hoạch 18/KH-UBND ngày 28/01/2022 của UBND huyện Ninh Giang, mục II.2" in answer.answer


def test_answer_text_is_copied_from_the_cited_chunks(knowledge: KnowledgeBase) -> None:
    store = knowledge.answerer.retriever.store
    by_id = {c.chunk_id: c for c in store.chunks}
    for question in ["mục đích tuyên truyền cải cách hành chính năm 2022 của huyện Ninh Giang",
                     "hình thức tuyên truyền CCHC của Sở Khoa học và Công nghệ Quảng Ngãi"]:
        answer = knowledge.answer(question)
        source_units = {u for s in answer.sources for u in text_units(by_id[s.chunk_id].text)}
        for line in _body_lines(answer.answer):
            if line.startswith("Lưu ý:"):
                continue
            assert line in source_units or line.rstrip("…") and any(u.startswith(line.rstrip("…")) for u in source_units), line


def test_answer_length_budget(knowledge: KnowledgeBase) -> None:
    """A single fact gets the short budget; a list (asked for here) the longer one, never more."""
    config = knowledge.answerer.config
    fact = knowledge.answer("PAR INDEX do cơ quan nào công bố?")
    assert fact.found and len(fact.body) <= config.list_chars
    listed = knowledge.answer("Kế hoạch tuyên truyền CCHC của Sở Tài chính Sóc Trăng có những nhiệm vụ gì?")
    assert listed.found and len(listed.body) <= config.list_chars
    assert config.body_chars == knowledge.settings.answer_max_chars


def test_plan_before_2025_is_flagged_on_changed_rules(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("cơ chế một cửa ở huyện Ninh Giang được tuyên truyền thế nào")
    assert answer.found
    assert "Lưu ý: văn bản này ban hành năm 2022" in answer.answer
    assert "Nghị định 118/2025/NĐ-CP" in answer.answer


def test_replaced_rule_is_flagged(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Nghị định 61/2018 quy định những gì về cơ chế một cửa")
    assert answer.found
    assert "Lưu ý: quy định này đã được thay thế bởi Nghị định 118/2025/NĐ-CP từ 01/7/2025" in answer.answer


def test_current_rule_ranks_before_replaced_one(knowledge: KnowledgeBase) -> None:
    retriever = knowledge.answerer.retriever
    store = retriever.store
    hits = retriever.search("một cửa và một cửa liên thông nghĩa là gì", k=10)
    docs = [store.documents[store.chunks[h.index].doc_id] for h in hits]
    legal = [d for d in docs if d.doc_id.startswith("legal/mot-cua")]
    assert legal, "a one-stop-shop note should be retrieved"
    assert legal[0].replaced_by is None, [d.doc_id for d in legal]


def test_lexical_search_ignores_diacritics_and_reads_abbreviations(knowledge: KnowledgeBase) -> None:
    lexical = knowledge.answerer.retriever.lexical
    accented = lexical.all_scores("Đối tượng tuyên truyền cải cách hành chính")
    folded = lexical.all_scores("doi tuong tuyen truyen cai cach hanh chinh")
    assert (accented == folded).all() and accented.max() > 0
    abbreviated = lexical.scores("đối tượng tuyên truyền CCHC", 5)
    expanded = lexical.scores("đối tượng tuyên truyền cải cách hành chính", 5)
    assert abbreviated[0][0] == expanded[0][0]


@pytest.mark.parametrize(
    "query",
    [
        "Đối tượng tuyên truyền cải cách hành chính của huyện Ninh Giang",
        "doi tuong tuyen truyen cchc huyen ninh giang",
        "Sở KH&CN Quảng Ngãi tuyên truyền gì",
        "so khoa hoc va cong nghe quang ngai",
    ],
)
def test_named_office_is_recognised_in_every_form(knowledge: KnowledgeBase, query: str) -> None:
    boosts, topic = knowledge.answerer.retriever.split_identity(query)
    assert len(boosts) == 1
    assert "ninh giang" not in topic and "quang ngai" not in topic


@pytest.mark.parametrize("query", ["Cải cách tài chính công gồm nội dung gì?", "ứng dụng công nghệ thông tin"])
def test_one_common_word_of_an_office_s_name_names_no_office(knowledge: KnowledgeBase, query: str) -> None:
    """ "tài chính công" is not "Sở Tài chính", nor "công nghệ thông tin" "Sở Khoa học và Công nghệ"."""
    boosts, topic = knowledge.answerer.retriever.split_identity(query)
    assert boosts == {}
    assert "tai chinh" in topic or "cong nghe" in topic


def test_an_abbreviation_in_a_unit_matches_the_words_it_stands_for() -> None:
    from bot.answer.extract import unit_tokens

    assert unit_tokens("Công tác cải cách TTHC:")[-4:] == ("thu", "tuc", "hanh", "chinh")


def test_a_follow_up_asking_the_signing_date_is_answered_from_the_header(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("ke hoach tuyen truyen cchc nam 2022 cua huyen ninh giang so may")
    assert first.subject is not None and first.subject.doc_id is not None
    second = knowledge.answer("ky ngay nao", first.subject)
    assert second.found and "28 tháng 01 năm 2022" in second.body


def test_reference_forms_retrieve_chunks_citing_them(knowledge: KnowledgeBase) -> None:
    retriever = knowledge.answerer.retriever
    for query in ["76/NQ-CP", "nghị quyết 76", "nq 76"]:
        hits = retriever.search(query, k=3)
        assert hits and all(h.ref for h in hits), query
        assert "76/NQ-CP" in retriever.store.chunks[hits[0].index].text.replace(" ", "") or hits[0].ref


def test_issue_date_is_answered_from_the_header(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("kh 18/kh-ubnd cua huyen ninh giang ban hanh ngay nao")
    assert answer.found
    assert "ngày 28 tháng 01 năm 2022" in answer.answer


def test_question_naming_only_a_section_is_answered_from_it(knowledge: KnowledgeBase) -> None:
    # Beyond the plan's office and title words, the question says only "mục đích": the
    # answer is that section, not the preamble or the long content list restating the title.
    question = (
        "Mục đích của kế hoạch thông tin, tuyên truyền cải cách hành chính năm 2024 của Sở Lao động - "
        "Thương binh và Xã hội Bình Phước là gì?"
    )
    answer = knowledge.answer(question)
    assert answer.found
    assert folded_text("sự đồng thuận của người dân") in folded_text(answer.answer)
    assert answer.sources[0].heading == "1. Mục đích"


def test_the_direct_answer_is_quoted_from_the_cited_section(knowledge: KnowledgeBase) -> None:
    """The answer leads with a sentence copied from its first source, and its body stays short."""
    answer = knowledge.answer("Một cửa liên thông là gì?")
    assert answer.found and answer.kind == "document"
    first = answer.sources[0]
    assert answer.direct.rstrip("…")[:60] in first.text
    assert answer.citation is not None and first.citation.startswith(answer.citation.document)
    assert len(answer.body) <= 800


def test_which_procedure_question_lists_the_records_that_say_so(knowledge: KnowledgeBase) -> None:
    # Named by no procedure, only written in records: a choice, never a confident answer.
    answer = knowledge.answer("Thủ tục nào cần giấy khám sức khỏe?")
    assert answer.kind == "clarify" and not answer.found
    assert answer.choices and len(answer.details) == len(answer.choices)
    assert all("sức khỏe" in line.lower() for line in answer.details)
    picked = knowledge.answer_about("Thủ tục nào cần giấy khám sức khỏe?", answer.choices[0].procedure_id)
    assert picked.kind == "procedure" and picked.subject.procedure_id == answer.choices[0].procedure_id


def test_plans_of_several_offices_get_a_question_back(knowledge: KnowledgeBase) -> None:
    # Each office's plan sets its own goals: the question names none, so it is asked which.
    answer = knowledge.answer("Mục tiêu của kế hoạch tuyên truyền là gì?")
    assert answer.kind == "clarify" and not answer.found and len(answer.choices) >= 2
    docs = set()
    for choice in answer.choices:
        assert choice.procedure_id is None and choice.label in choice.question
        picked = knowledge.answer(choice.question)
        assert picked.found and picked.subject is not None
        docs.add(picked.subject.doc_id)
    assert len(docs) == len(answer.choices)  # each button answers from its own office's plan
    # Naming the office answers at once.
    named = knowledge.answer("Mục tiêu của kế hoạch tuyên truyền của Sở Tài chính tỉnh Sóc Trăng là gì?")
    assert named.kind == "document" and named.found


def test_a_year_the_question_names_leaves_out_the_plans_without_it(knowledge: KnowledgeBase) -> None:
    # Sở Tài chính's plan runs "từ nay đến năm 2030" and never names 2024: no question back.
    answer = knowledge.answer(
        "Kế hoạch tuyên truyền CCHC năm 2024 đặt chỉ tiêu bao nhiêu % công chức, viên chức nắm vững mục tiêu, nhiệm vụ CCHC?"
    )
    assert answer.kind == "document" and answer.found and "80%" in answer.direct
