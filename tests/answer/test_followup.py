"""The follow-up rule: messages without a subject of their own continue the last one; others switch."""

from __future__ import annotations

import pytest

from bot.answer.followup import continues, is_followup, names_document, own_words, records_terms, standalone, topic_of
from bot.answer.models import Subject
from bot.knowledge import KnowledgeBase
from bot.procedures.resolve import names_new_subject

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


@pytest.mark.parametrize(
    ("message", "switches"),
    [
        ("làm lần đầu có mất tiền không", False),
        ("lệ phí cấp lại khi bị mất là bao nhiêu?", False),
        ("có cần mang bản giấy không?", False),
        ("còn làm căn cước thì sao", True),
        ("đổi bằng lái thì sao", True),
    ],
)
def test_only_a_named_subject_leaves_the_remembered_procedure(message: str, switches: bool) -> None:
    assert names_new_subject(message) is switches


def test_a_version_question_stays_with_the_procedure_just_answered(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Làm hộ chiếu phổ thông lần đầu hết bao nhiêu tiền?")
    assert first.subject is not None and first.subject.procedure_id == "cap-ho-chieu-pho-thong"
    # The resolver alone reads this as "Cấp lại Giấy chứng nhận do bị mất".
    second = knowledge.answer("lệ phí cấp lại khi bị mất là bao nhiêu?", first.subject)
    assert second.found and second.subject.procedure_id == "cap-ho-chieu-pho-thong"
    assert "400.000" in second.answer


def test_a_short_follow_up_after_a_plan_is_not_read_as_a_procedure(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Kế hoạch tuyên truyền CCHC năm 2024 của Sở LĐTBXH Bình Phước dùng hình thức nào?")
    assert first.found and first.subject is not None and first.subject.doc_id
    # Alone, "kinh phí" resolves to a fee question about "hộ kinh doanh".
    second = knowledge.answer("còn kinh phí thì sao?", first.subject)
    assert second.kind == "document" and second.subject.doc_id == first.subject.doc_id
    assert "kinh phí" in second.answer.lower()


def test_citizens_phrases_get_the_records_words() -> None:
    subject = Subject(procedure_id="dang-ky-khai-tu", topic="Đăng ký khai tử")
    assert "ủy quyền" in standalone("nho nguoi khac di lam duoc khong", subject)
    assert standalone("mất bao lâu?", subject) == "mất bao lâu Đăng ký khai tử"


def test_asking_someone_else_to_go_is_answered_from_the_authorisation_line(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Người nhà mất thì đăng ký khai tử ở đâu?")
    assert first.subject is not None and first.subject.procedure_id == "dang-ky-khai-tu"
    second = knowledge.answer("nhờ người khác đi làm được không", first.subject)
    assert second.found and second.subject.procedure_id == "dang-ky-khai-tu"
    assert "ủy quyền" in second.answer


def test_a_field_answer_carries_the_record_sentence_on_what_the_question_adds(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Làm căn cước mất bao lâu?")
    assert first.subject is not None and first.subject.procedure_id == "cap-the-can-cuoc"
    second = knowledge.answer("có phải nộp giấy tờ gì không", first.subject)
    assert second.direct.startswith("Thành phần hồ sơ")  # the field asked still leads
    assert any("Không cần nộp giấy tờ" in line for line in second.details)  # then the record's note
    assert len(second.body) <= 800


def test_the_record_line_is_one_the_field_answer_does_not_show_already(knowledge: KnowledgeBase) -> None:
    """ "Nếu phải xác minh thì lâu hơn không" asks the time: the record's time line is shown,
    and the note on the case with verification ("15 hoặc 20 ngày") comes after it."""
    first = knowledge.answer("Làm lý lịch tư pháp ở đâu?")
    assert first.subject is not None and first.subject.procedure_id == "cap-phieu-ly-lich-tu-phap"
    second = knowledge.answer("neu phai xac minh thi lau hon khong", first.subject)
    assert second.direct.startswith("Thời hạn giải quyết")
    assert any("15 hoặc 20 ngày" in line for line in second.details)


def test_another_case_of_the_same_field_keeps_the_field(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Lệ phí làm căn cước bao nhiêu?")
    assert first.subject is not None and first.subject.fields == ["fee"]
    second = knowledge.answer("còn cấp lại do mất thẻ?", first.subject)
    assert second.found and second.direct.startswith("Phí, lệ phí") and "70.000" in second.answer


def test_the_follow_up_s_own_words_pick_the_sentence_within_the_remembered_document(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Dịch vụ công trực tuyến toàn trình là gì?")
    assert first.subject is not None and first.subject.doc_id
    second = knowledge.answer("còn một phần thì sao?", first.subject)
    assert second.found and second.subject.doc_id == first.subject.doc_id
    assert "chỉ phải có mặt khi luật bắt buộc" in second.answer


def test_a_word_the_remembered_record_uses_does_not_switch_procedure(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Đăng ký thường trú mất bao lâu?")
    assert first.subject is not None and first.subject.procedure_id == "dang-ky-thuong-tru"
    # Alone, "từ chối" resolves to "Chứng thực văn bản từ chối nhận di sản".
    second = knowledge.answer("bị từ chối thì sao?", first.subject)
    assert second.found and second.subject.procedure_id == "dang-ky-thuong-tru"
    assert "trả lời bằng văn bản" in second.answer
    # A common procedure's own alias still switches, though the passport record mentions it.
    third = knowledge.answer("cấp lại căn cước mất bao lâu?", Subject(procedure_id="cap-ho-chieu-pho-thong"))
    assert third.subject is not None and third.subject.procedure_id == "cap-the-can-cuoc"


def test_a_general_question_about_when_results_come_is_not_a_status_lookup(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Nộp hồ sơ khai sinh lúc 4 giờ chiều thì bao giờ có kết quả?")
    assert answer.found and answer.subject is not None and answer.subject.procedure_id == "dang-ky-khai-sinh"


def test_a_checked_entry_found_by_search_is_remembered_as_that_procedure(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Gói liên thông khai sinh, thường trú, thẻ BHYT cho bé là gì vậy?")
    assert first.found and first.subject is not None and first.subject.procedure_id == "dang-ky-khai-sinh"
    second = knowledge.answer("bao lâu thì xong cả gói?", first.subject)
    assert second.found and "cả gói 3 ngày làm việc" in second.answer
    assert second.answer.count("Thời hạn giải quyết") == 1  # the field once, not again as the record's line


def test_con_is_a_child_before_a_pronoun_not_a_continuer() -> None:
    assert continues("còn cấp lại do mất thẻ?") and continues("con cap lai do mat the")
    assert not continues("con toi 10 tuoi lam duoc khong")


def test_a_short_message_the_remembered_plan_speaks_of_stays_on_that_plan(knowledge: KnowledgeBase) -> None:
    """ "Báo cáo định kỳ vào lúc nào" names no office: the remembered plan's reporting dates
    answer it, not another office's plan that the words alone rank first."""
    first = knowledge.answer("Đề án tuyên truyền CCHC Sóc Trăng đến năm 2030 đặt chỉ tiêu gì với người dân?")
    assert first.subject is not None and first.subject.doc_id is not None
    second = knowledge.answer("bao cao dinh ky vao luc nao", first.subject)
    assert second.found and second.sources[0].doc_id == first.subject.doc_id
    assert "15/6" in second.answer


def test_a_document_named_by_its_number_is_a_new_subject() -> None:
    subject = Subject(doc_id="plans/x", topic="kế hoạch sở tài chính sóc trăng đề án tuyên truyền cchc")
    assert not is_followup("Nghị quyết 76 có mấy nội dung cải cách?", subject)
    assert names_document("Nghị định 43/2011 chia mấy mức?", subject)
    assert not names_document("Nghị quyết 76 ban hành ngày nào?", Subject(topic="Nghị quyết 76/NQ-CP"))


def test_a_short_message_found_nowhere_else_is_answered_about_the_remembered_plan(knowledge: KnowledgeBase) -> None:
    """ "ai chịu trách nhiệm triển khai" names nothing and finds nothing on its own: it asks about the plan."""
    first = knowledge.answer("Kế hoạch CCHC 2024 của BQL các KCN Sóc Trăng tuyên truyền cho những ai?")
    assert first.subject is not None and first.subject.doc_id is not None
    assert not knowledge.answer("ai chiu trach nhiem trien khai").found  # asked cold
    second = knowledge.answer("ai chiu trach nhiem trien khai", first.subject)
    assert second.found and second.sources[0].doc_id == first.subject.doc_id


def test_the_record_quote_is_chosen_by_the_message_s_own_words(knowledge: KnowledgeBase) -> None:
    """Every line of the record is about the procedure: its name must not pick the line."""
    first = knowledge.answer("Ở nhà thuê có đăng ký thường trú được không?")
    assert first.subject is not None and first.subject.procedure_id == "dang-ky-thuong-tru"
    second = knowledge.answer("bi tu choi thi sao", first.subject)
    assert second.found and "trả lời bằng văn bản" in second.answer


def test_a_short_message_after_a_procedure_leans_on_its_record_when_nothing_else_answers(
    knowledge: KnowledgeBase,
) -> None:
    """ "con 10 tuổi thì sao" holds one word of the record ("tuổi") of two: too few for a
    confident quote, but nothing else answers, and the conversation is about the card."""
    first = knowledge.answer("Làm căn cước cho con 4 tuổi có phải đưa cháu đi không?")
    assert first.subject is not None and first.subject.procedure_id == "cap-the-can-cuoc"
    second = knowledge.answer("con 10 tuoi thi sao", first.subject)
    assert second.found and second.kind == "procedure" and "tuổi" in second.body


def test_a_word_typed_with_diacritics_is_a_cue_only_in_the_cue_s_own_form() -> None:
    from bot.answer.followup import own_words

    # Folded, "mắt" (eye) is the cue "mất" (takes); typed with its marks it is the subject.
    assert "mat" in own_words("đến đó có phải quét mắt không")
    assert own_words("mất bao lâu") == []
    # Typed without any marks, nothing tells them apart: the cue reading stays.
    assert "mat" not in own_words("den do co phai quet mat khong")
    # "Thế còn …" opens another case of the same subject, all its words.
    assert own_words("thế còn lệ phí?") == []


def test_the_citizens_phrases_are_read_in_canonical_syllables() -> None:
    """ "đăng ký" and "đăng kí", "lý do" and "lí do" are one word to the patterns."""
    for message in ("Công an không cho đăng ký thì có phải nói lý do không?", "cong an khong cho dang ki thi co phai noi li do khong"):
        assert records_terms(message) == "từ chối nêu rõ lý do", message


def test_a_procedure_done_instead_of_someone_is_an_authorisation() -> None:
    assert "ủy quyền" in records_terms("Tôi là dì của bé, tôi đi làm khai sinh thay có được không?")
    assert "ủy quyền" not in records_terms("Căn cước điện tử có thay cho thẻ cứng được không?")
    assert "ủy quyền" not in records_terms("thông tin trên thẻ thay đổi thì sao")
