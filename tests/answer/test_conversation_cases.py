"""Conversations as citizens hold them, through the real knowledge base (one test per rule).

Each case is a rule of ``bot.answer`` found on the blind sets ``dialogues_dev2/dev3``; the
messages here are our own wording, not copied from any set.
"""

from __future__ import annotations

import pytest

from bot.answer.models import Answer, Subject
from bot.knowledge import KnowledgeBase
from indexer.textnorm import fold


def _has(answer_text: str, *spans: str) -> bool:
    return any(fold(s) in fold(answer_text) for s in spans)


def _about(answer: Answer, procedure_id: str) -> bool:
    """Whether ``answer`` was found and is remembered as the procedure ``procedure_id``."""
    return answer.found and answer.subject is not None and answer.subject.procedure_id == procedure_id


def test_a_budget_follow_up_after_a_target_quotes_the_budget_line(knowledge: KnowledgeBase) -> None:
    # The first turn's words found the plan; the follow-up's own words choose the sentence.
    first = knowledge.answer("Ban Quản lý các khu công nghiệp Sóc Trăng đặt mục tiêu bao nhiêu % công chức nắm vững nhiệm vụ CCHC năm 2024?")
    assert first.found and "80%" in first.answer
    second = knowledge.answer("kinh phí thì sao", first.subject)
    assert second.found and _has(second.answer, "nguồn kinh phí hoạt động thường xuyên")


def test_a_procedure_question_leads_with_the_field_it_ends_on(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Bé được 2 tháng mới đi làm khai sinh thì có mất tiền không?")
    assert answer.found and answer.direct.startswith("Phí, lệ phí")


def test_a_question_naming_a_procedure_and_no_field_quotes_its_record(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Con tôi 5 tuổi làm căn cước có phải lấy vân tay không?")
    assert answer.found and _has(answer.answer, "không thu sinh trắc học")


def test_a_comparison_of_a_procedure_s_cases_quotes_its_record(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Phiếu lý lịch tư pháp số 1 khác số 2 thế nào?")
    assert answer.found and _has(answer.answer, "chỉ ghi án tích chưa được xóa", "kể cả án tích đã xóa")


def test_a_weak_name_match_in_the_national_catalogue_does_not_take_the_conversation(knowledge: KnowledgeBase) -> None:
    # "mang theo" is in "… kiểm dịch động vật … mang theo người", and in nothing else asked.
    first = knowledge.answer("Làm lại thẻ căn cước bị mất hết bao nhiêu tiền?")
    assert first.found and first.subject is not None and first.subject.procedure_id == "cap-the-can-cuoc"
    second = knowledge.answer("có cần mang theo giấy tờ gì không", first.subject)
    assert second.subject is not None and second.subject.procedure_id == "cap-the-can-cuoc"
    assert "kiểm dịch" not in second.answer


def test_versions_all_summarised_by_a_checked_entry_are_answered_from_it(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("lam mat the can cuoc thi lam lai het bao nhieu tien")
    assert answer.kind == "procedure" and _has(answer.answer, "70.000 đồng", "35.000 đồng")


def test_words_before_the_alias_are_the_question_s_own(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Cho hỏi thêm, đăng ký kết hôn mà cần xác minh thì mất bao lâu?")
    assert answer.found and _has(answer.answer, "không quá 05 ngày làm việc")


def test_a_longer_message_naming_no_procedure_still_follows_the_remembered_one(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Mở hộ kinh doanh cần giấy tờ gì?")
    assert first.subject is not None and first.subject.procedure_id == "dang-ky-ho-kinh-doanh"
    second = knowledge.answer("địa chỉ thay đổi vì sáp nhập tỉnh thì tôi có bắt buộc phải đi sửa ngay không", first.subject)
    assert second.found and _has(second.answer, "cập nhật khi có nhu cầu")


def test_the_record_line_after_a_field_counts_the_kind_of_value_asked(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Ông tôi mất thì gia đình phải đi khai tử trong bao lâu?")
    assert answer.found and _has(answer.answer, "Trong 15 ngày kể từ ngày có người chết")


def test_the_record_line_reads_ky_as_ki(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Chứng thực bản sao làm ở đâu?")
    second = knowledge.answer("ai ký vậy", first.subject)
    assert second.found and _has(second.answer, "ký chứng thực")


def test_a_pure_follow_up_never_leaves_the_remembered_note_for_a_procedure(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Quyết định 19/2014/QĐ-TTg về ISO có hiệu lực khi nào?")
    second = knowledge.answer("cơ quan nào bắt buộc phải áp dụng", first.subject)
    assert second.kind == "document" and _has(second.answer, "Bảo hiểm xã hội Việt Nam")
    third = knowledge.answer("ubnd xa co bat buoc ko", second.subject)
    assert third.found and _has(third.answer, "Khuyến khích")


def test_a_document_named_by_number_is_remembered(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Chỉ thị 23/CT-TTg coi gì là thước đo chất lượng phục vụ?")
    assert first.subject is not None and first.subject.doc_id == "legal/ct23-day-manh-cchc"
    second = knowledge.answer("ban hành ngày nào", first.subject)
    assert second.found and "02/9/2021" in second.answer


def test_a_ministry_is_not_the_department_of_the_same_name(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Từ tháng 3/2025 Chính phủ còn mấy bộ?")
    second = knowledge.answer("bo lao dong thuong binh xa hoi sap nhap vao bo nao", first.subject)
    assert second.found and _has(second.answer, "Bộ Nội vụ")


def test_vneid_by_its_citizens_name(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Tạo tài khoản VNeID cho bé 7 tuổi thế nào?")
    assert _about(answer, "tai-khoan-dinh-danh-dien-tu-muc-2")


def test_a_named_office_s_address_is_not_in_a_record(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Địa chỉ Công an phường Bến Nghé ở đâu để làm căn cước?")
    assert not answer.found
    moved = knowledge.answer("Xã tôi sáp nhập, đổi căn cước theo địa chỉ mới thì làm thế nào?")
    assert moved.found


def test_a_zone_board_of_another_kind_is_not_the_loaded_one(knowledge: KnowledgeBase) -> None:
    assert not knowledge.answer("ban quan ly khu kinh te Van Phong co ke hoach tuyen truyen cchc khong").found


def test_a_date_s_tail_is_no_document_number() -> None:
    from bot.answer.places import missing_reference

    assert missing_reference("Từ 1/7/2025 cả nước còn bao nhiêu tỉnh?", "") is None
    assert missing_reference("Có bắt buộc nộp trực tuyến từ tháng 10/2025 không?", "") is None
    assert missing_reference("Mức thu theo Thông tư 16/2025?", "Thông tư 244/2016") == "16/2025"


def test_chat_shorthand_is_scaffolding() -> None:
    from bot.answer.scope import STOPWORDS, is_stopword

    assert {"ko", "dc", "j", "ntn"} <= STOPWORDS and is_stopword("đc", diacritized=True)


def test_a_summary_naming_a_department_is_not_declined_as_a_fee(knowledge: KnowledgeBase) -> None:
    # Only an asked fee is declined for a named department or province (the council sets it).
    answer = knowledge.answer("Bây giờ đổi bằng lái xe thì lên Sở Giao thông hay lên công an?")
    assert answer.found and _has(answer.answer, "Công an")


def test_a_record_s_cut_off_hour_is_not_its_opening_hours(knowledge: KnowledgeBase) -> None:
    # "Nhận hồ sơ sau 15 giờ …" is in the records; when the office opens is not.
    assert not knowledge.answer("Công an xã mấy giờ mở cửa nhận hồ sơ làm căn cước?").found
    assert not knowledge.answer("Chủ nhật có nộp hồ sơ đăng ký khai sinh được không?").found


def test_what_is_to_come_is_declined_from_a_record(knowledge: KnowledgeBase) -> None:
    assert not knowledge.answer("Năm sau lệ phí làm hộ chiếu có tăng không?").found


def test_a_year_asked_must_be_in_the_quote_or_the_document(knowledge: KnowledgeBase) -> None:
    assert not knowledge.answer("Chỉ số SIPAS năm 2026 cả nước được bao nhiêu phần trăm?").found
    assert knowledge.answer("Chỉ số SIPAS năm 2023 cả nước được bao nhiêu phần trăm?").found


def test_a_message_turning_to_another_matter_switches_to_the_other_procedure_it_names(knowledge: KnowledgeBase) -> None:
    from bot.answer.followup import turns_to_another

    assert turns_to_another("Nhân tiện, cho hỏi …") and turns_to_another("tien hoi luon") and not turns_to_another("mất bao lâu?")
    first = knowledge.answer("Làm hộ chiếu lần đầu mất bao nhiêu tiền?")
    assert first.subject is not None and first.subject.procedure_id == "cap-ho-chieu-pho-thong"
    second = knowledge.answer("Tiện thể, đem hộ chiếu đi sao y thì mất bao lâu?", first.subject)
    assert second.subject is not None and second.subject.procedure_id == "chung-thuc-ban-sao"


def test_a_follow_up_about_one_office_s_plan_is_never_answered_from_another_office_s(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Sở LĐTBXH Bình Phước năm 2024 tuyên truyền CCHC bằng những hình thức nào?")
    assert first.subject is not None and first.subject.doc_id == "plans/001_2c4e777ee21d5546"
    for message in ("kinh phi lay tu dau", "báo cáo kết quả gửi về đâu", "phòng nào tổng hợp"):
        answer = knowledge.answer(message, first.subject)
        plans = {s.doc_id for s in answer.sources if s.doc_id.startswith("plans/")}
        assert plans <= {"plans/001_2c4e777ee21d5546"}, (message, plans)


def test_a_longer_plan_follow_up_found_first_in_another_office_s_plan_stays_on_the_remembered_one(
    knowledge: KnowledgeBase,
) -> None:
    # Too long for a follow-up by its words alone; it names no office, so the office asked
    # about first is still the one meant, whichever plan its words find first.
    first = knowledge.answer("Sở Tài chính Sóc Trăng tuyên truyền CCHC đến năm 2030 nhằm mục đích gì?")
    assert first.subject is not None and first.subject.doc_id == "plans/000_584aa2557f63c6f5"
    for message in ("Các nội dung tuyên truyền được hệ thống hóa theo những tiêu chí nào?",
                    "về chính phủ điện tử thì nhấn mạnh vai trò gì của công nghệ thông tin"):
        answer = knowledge.answer(message, first.subject)
        assert answer.found and answer.subject is not None, message
        assert answer.subject.doc_id == "plans/000_584aa2557f63c6f5", (message, answer.subject.doc_id)


def test_a_name_ending_its_sentence_is_not_qualified_by_the_next_one(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Tôi làm ở đại lý vé máy bay, hay chỉ khách làm hộ chiếu. Lệ phí hộ chiếu quy định ở văn bản nào?")
    assert _about(answer, "cap-ho-chieu-pho-thong")


def test_money_collected_is_no_weekday(knowledge: KnowledgeBase) -> None:
    # Folded, "thu mấy" is also "thứ mấy" (which weekday); "thu mấy trăm nghìn" collects money.
    answer = knowledge.answer("Sao y 300 trang tài liệu thì có bị thu mấy trăm nghìn không?")
    assert _about(answer, "chung-thuc-ban-sao") and _has(answer.answer, "tối đa 200.000 đồng")


def test_citizens_words_for_what_the_records_say(knowledge: KnowledgeBase) -> None:
    """Each follow-up says in its own words what one line of the record says."""
    cases = (
        ("Đăng ký khai sinh cho cháu làm ở đâu?", "Người đi làm phải mang giấy tờ gì của tôi?", "giấy tờ tùy thân"),
        ("Hai đứa mình đăng ký kết hôn ở xã nào?", "lúc nhận thì mỗi người được giữ một bản không", "mỗi bên nhận 01 bản chính"),
        ("Đăng ký thường trú vào nhà thuê cần gì?", "chủ nhà không chịu ký thì sao", "ý kiến đồng ý của chủ hộ"),
    )
    for first_message, message, span in cases:
        first = knowledge.answer(first_message)
        answer = knowledge.answer(message, first.subject)
        assert answer.found and _has(answer.answer, span), (message, answer.answer[:200])


def test_a_licence_shown_on_the_phone_is_answered_by_the_record_s_line(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Quên bằng lái ở nhà, cảnh sát giao thông hỏi thì đưa trên điện thoại được không?")
    assert _about(answer, "doi-giay-phep-lai-xe") and _has(answer.answer, "xuất trình qua VNeID")


def test_instead_of_the_card_is_no_kind_of_identity_account(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Bà tôi đã có VNeID mức 2. Đi làm giấy tờ, bà dùng căn cước điện tử thay cho thẻ cứng được không?")
    assert _about(answer, "tai-khoan-dinh-danh-dien-tu-muc-2") and _has(answer.answer, "có giá trị như thẻ căn cước")


def test_a_line_restating_the_plan_s_title_does_not_answer_by_that_title(knowledge: KnowledgeBase) -> None:
    # The closing paragraph repeats the whole title, and the question repeats it too; the
    # line on sharing information with the press answers.
    for question in ("Theo kế hoạch tuyên truyền CCHC đến 2030 của Sở Tài chính Sóc Trăng, việc phối hợp với cơ quan báo chí đặt ra ra sao?",
                     "Kế hoạch tuyên truyền CCHC tới năm 2030 của Sở Tài chính Sóc Trăng nói thế nào về phối hợp với báo chí?"):
        answer = knowledge.answer(question)
        assert answer.found and _has(answer.direct, "cơ quan thông tấn, báo chí"), answer.direct[:120]


def test_about_to_expire_and_done_are_no_kind_of_procedure(knowledge: KnowledgeBase) -> None:
    # "sắp hết hạn" is when, "đổi bằng" the licence again; "đăng ký xong … nhận giấy gì" asks the result.
    first = knowledge.answer("Tôi lái xe khách, bằng lái sắp hết hạn rồi. Giờ đổi bằng ở đâu?")
    assert _about(first, "doi-giay-phep-lai-xe")
    death = knowledge.answer("Ông tôi mất ở nhà, đăng ký khai tử ở đâu?")
    answer = knowledge.answer("dang ky xong thi nha minh nhan giay gi", death.subject)
    assert _about(answer, "dang-ky-khai-tu") and _has(answer.answer, "trích lục khai tử")


def test_what_a_document_only_cited_by_a_plan_sets_out_is_declined(knowledge: KnowledgeBase) -> None:
    # The Bình Phước plan implements Kế hoạch 96/KH-UBND and names it; its tasks were never loaded.
    assert not knowledge.answer("Kế hoạch 96/KH-UBND của tỉnh Bình Phước giao những nhiệm vụ gì cho các sở?").found
    # What the cited document is about is in the citing line.
    assert knowledge.answer("Quyết định 1738/QĐ-UBND của tỉnh Sóc Trăng là quyết định về việc gì?").found


def test_the_next_step_of_the_same_matter_is_answered_from_its_record(knowledge: KnowledgeBase) -> None:
    from bot.answer.followup import goes_on

    assert goes_on("Xong rồi thì sao?") and goes_on("sau do lam gi") and not goes_on("xong mất bao lâu")
    first = knowledge.answer("Đăng ký khai sinh cho con làm ở đâu?")
    assert first.subject is not None and first.subject.procedure_id == "dang-ky-khai-sinh"
    second = knowledge.answer("Sau đó làm căn cước cho con luôn có được không?", first.subject)
    assert second.found and _has(second.answer, "ngay trên VNeID")


def _load(name: str) -> list[dict]:
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_blind_sets_hold_their_figures(knowledge: KnowledgeBase) -> None:
    """Regression guards over the blind sets once tuned on (tests/data/*_dev2 … *_dev11; their
    first runs were 57%, 65%, 63%, 62%, 70%, 56%, 56%, 50%, 67%, 65% of follow-ups and 74%, 74%,
    76% declined): a little below today's 87.4%, 82.1%, 78.8%, 77.5%, 78.2%, 75.3%, 64.3%,
    64.3%, 83.7%, 79.0% and 90.0%, 84.3%, 85.7%."""
    from bot.evaluation.dialogue_eval import evaluate_declines, evaluate_dialogues

    assert evaluate_dialogues(_load("dialogues_dev2.jsonl"), knowledge.answer).followup_rate >= 0.84
    assert evaluate_dialogues(_load("dialogues_dev3.jsonl"), knowledge.answer).followup_rate >= 0.78
    assert evaluate_dialogues(_load("dialogues_dev4.jsonl"), knowledge.answer).followup_rate >= 0.75
    assert evaluate_dialogues(_load("dialogues_dev5.jsonl"), knowledge.answer).followup_rate >= 0.74
    assert evaluate_dialogues(_load("dialogues_dev6.jsonl"), knowledge.answer).followup_rate >= 0.75
    assert evaluate_dialogues(_load("dialogues_dev7.jsonl"), knowledge.answer).followup_rate >= 0.69
    assert evaluate_dialogues(_load("dialogues_dev8.jsonl"), knowledge.answer).followup_rate >= 0.58
    assert evaluate_dialogues(_load("dialogues_dev9.jsonl"), knowledge.answer).followup_rate >= 0.60
    assert evaluate_dialogues(_load("dialogues_dev10.jsonl"), knowledge.answer).followup_rate >= 0.80
    assert evaluate_dialogues(_load("dialogues_dev11.jsonl"), knowledge.answer).followup_rate >= 0.76
    assert evaluate_declines(_load("unanswerable_dev3.jsonl"), knowledge.answer).rate >= 0.85
    assert evaluate_declines(_load("unanswerable_dev8.jsonl"), knowledge.answer).rate >= 0.80
    assert evaluate_declines(_load("unanswerable_dev9.jsonl"), knowledge.answer).rate >= 0.78
    # Tuned on in the thirteenth session (first runs 86.4% and 87.1%; now 90.9% and 92.9%).
    assert evaluate_dialogues(_load("dialogues_dev16.jsonl"), knowledge.answer).followup_rate >= 0.88
    assert evaluate_declines(_load("unanswerable_dev14.jsonl"), knowledge.answer).rate >= 0.90
    # Tuned on in the fourteenth session (first runs 66.4% and 81.4%; now 81.8% and 88.6%).
    assert evaluate_dialogues(_load("dialogues_dev19.jsonl"), knowledge.answer).followup_rate >= 0.80
    assert evaluate_declines(_load("unanswerable_dev17.jsonl"), knowledge.answer).rate >= 0.87
    # Tuned on in the fifteenth session (first runs 75.5% and 84.3%; now 87.3% and 94.3%).
    assert evaluate_dialogues(_load("dialogues_dev20.jsonl"), knowledge.answer).followup_rate >= 0.85
    assert evaluate_declines(_load("unanswerable_dev18.jsonl"), knowledge.answer).rate >= 0.92
    # Tuned on in the sixteenth session (first runs 79.1% and 84.3%; now 89.1% and 87.1%).
    assert evaluate_dialogues(_load("dialogues_dev21.jsonl"), knowledge.answer).followup_rate >= 0.86
    assert evaluate_declines(_load("unanswerable_dev19.jsonl"), knowledge.answer).rate >= 0.85
    # Written in the sixteenth session and first run on its code (81.8% and 85.7%; now 84.5% and 85.7%).
    assert evaluate_dialogues(_load("dialogues_dev22.jsonl"), knowledge.answer).followup_rate >= 0.81
    assert evaluate_declines(_load("unanswerable_dev20.jsonl"), knowledge.answer).rate >= 0.84


def test_of_two_procedures_named_after_turning_to_another_matter_the_last_is_asked(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Đăng ký thường trú mất bao lâu?")
    assert first.subject is not None and first.subject.procedure_id == "dang-ky-thuong-tru"
    second = knowledge.answer("À, con tôi 16 tuổi đã có thẻ căn cước thì được cấp VNeID mức 2 chưa?", first.subject)
    assert second.subject is not None and second.subject.procedure_id == "tai-khoan-dinh-danh-dien-tu-muc-2"


def test_a_message_answered_from_a_note_keeps_the_remembered_procedure(knowledge: KnowledgeBase) -> None:
    # The note on the one-stop desk answers the second message; it named no matter of its
    # own, so the third is still about the marriage registration.
    first = knowledge.answer("Đăng ký kết hôn cần giấy tờ gì?")
    assert first.subject is not None and first.subject.procedure_id == "dang-ky-ket-hon"
    second = knowledge.answer("nếu em nộp hồ sơ vào buổi chiều muộn thì có được lấy giấy luôn trong ngày không", first.subject)
    assert second.subject is not None and second.subject.procedure_id == "dang-ky-ket-hon"
    third = knowledge.answer("làm ở xã khác nơi mình đang ở được không", second.subject)
    assert third.found and _has(third.answer, "được chọn UBND cấp xã khác")


def test_a_paper_handed_in_is_not_a_switch_to_its_procedure(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Con về ở với bố mẹ thì nhập hộ khẩu cần gì?")
    assert first.subject is not None and first.subject.procedure_id == "dang-ky-thuong-tru"
    second = knowledge.answer("có phải mang theo giấy khai sinh để chứng minh quan hệ không", first.subject)
    assert second.subject is not None and second.subject.procedure_id == "dang-ky-thuong-tru"
    assert _has(second.answer, "quan hệ nhân thân")
    # Naming the procedure itself still switches.
    third = knowledge.answer("làm giấy khai sinh cho bé cần gì", second.subject)
    assert third.subject is not None and third.subject.procedure_id == "dang-ky-khai-sinh"


def test_when_the_rules_took_effect_is_asked_of_the_legal_basis(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Đăng ký thường trú làm theo luật nào?")
    assert first.found and first.subject is not None
    second = knowledge.answer("luật này có hiệu lực từ khi nào", first.subject)
    assert second.found and _has(second.answer, "hiệu lực 01/7/2021")


def test_a_delivery_home_asks_the_ways_of_receiving(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Làm hộ chiếu nộp ở đâu?")
    assert first.subject is not None and first.subject.procedure_id == "cap-ho-chieu-pho-thong"
    second = knowledge.answer("gui ve tan nha duoc khong", first.subject)
    assert second.found and _has(second.answer, "qua bưu điện", "bưu chính")


def test_a_plan_follow_up_asking_who_is_in_charge_is_answered_from_its_organisation_part(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Sở LĐTBXH Bình Phước tuyên truyền CCHC năm 2024 qua những kênh nào?")
    assert first.found and first.subject is not None and first.subject.doc_id == "plans/001_2c4e777ee21d5546"
    second = knowledge.answer("bộ phận nào phụ trách theo dõi, đôn đốc", first.subject)
    assert second.found and _has(second.answer, "Giao Văn phòng Sở tham mưu")
    assert second.citation is not None and "VI" in (second.sources[0].section or "")


def test_a_plan_part_is_not_asked_when_the_message_names_a_task() -> None:
    from bot.answer.plans import names_part, plan_aspects

    assert plan_aspects("báo cáo kết quả gửi về đâu") == ["to chuc thuc hien"]
    assert plan_aspects("kinh phí lấy ở đâu ra") == ["kinh phi"]
    # A task of the plan named beside the cue: its content lines answer.
    assert plan_aspects("còn đào tạo đánh giá nội bộ thì phòng nào phụ trách") == []
    assert plan_aspects("văn hóa công vụ theo quyết định nào") == []
    assert names_part("IV. TỔ CHỨC THỰC HIỆN", "to chuc thuc hien")
    assert not names_part("3. Văn phòng có trách nhiệm theo dõi việc tổ chức thực hiện các nội dung…", "to chuc thuc hien")


def test_a_foreign_country_named_is_the_records_foreign_element(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Chồng sắp cưới của tôi là người Đài Loan, muốn kết hôn thì làm ở xã hay tỉnh?")
    assert answer.found and _has(answer.answer, "cả kết hôn có yếu tố nước ngoài")


def test_folded_country_look_alikes_are_not_countries() -> None:
    from bot.procedures.resolve import rewrite

    assert rewrite("nguoi han quoc".split()) == "nguoi nuoc ngoai".split()
    assert rewrite("nguoi lao dong".split()) == "nguoi lao dong".split()  # not Laos
    assert rewrite("so tu phap".split()) == "so tu phap".split()  # not "from France"


def test_a_follow_up_of_cue_words_only_is_quoted_from_the_record(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Thẻ căn cước bị sai ngày sinh thì làm lại thế nào?")
    assert first.subject is not None and first.subject.procedure_id == "cap-the-can-cuoc"
    taken = knowledge.answer("tới nơi người ta lấy những thông tin gì của mình", first.subject)
    assert taken.found and _has(taken.answer, "vân tay", "khuôn mặt")
    office = knowledge.answer("xuống công an xã làm được không", first.subject)
    assert office.found and _has(office.answer, "công an cấp xã")


def test_a_thing_pointed_back_at_by_a_generic_noun_is_quoted_with_the_remembered_topic(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Việt Nam xếp hạng bao nhiêu về chỉ số EGDI năm 2024?")
    assert first.found and "71/193" in first.answer
    second = knowledge.answer("chi so nay do to chuc nao lap ra", first.subject)
    assert second.found and _has(second.answer, "Liên Hợp Quốc")


def test_a_question_particle_after_the_name_is_no_qualifier(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Em 17 tuổi, bạn trai 21 tuổi, tụi em đăng ký kết hôn được chưa?")
    assert answer.found and _has(answer.answer, "nữ từ đủ 18 tuổi")


def test_in_a_conversation_a_message_the_record_mostly_covers_is_no_missing_procedure(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Tài khoản định danh điện tử mức 2 dùng được những gì?")
    assert first.subject is not None and first.subject.procedure_id == "tai-khoan-dinh-danh-dien-tu-muc-2"
    second = knowledge.answer("đăng ký cho con 8 tuổi chưa có thẻ thì sao", first.subject)
    assert second.found and second.subject is not None
    assert second.subject.procedure_id == "tai-khoan-dinh-danh-dien-tu-muc-2"


def test_copying_a_paper_is_the_certification_whatever_the_paper(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Giấy khai sinh bản gốc của con, tôi muốn sao y 2 bản thì mất bao nhiêu tiền?")
    assert answer.subject is not None and answer.subject.procedure_id == "chung-thuc-ban-sao"
    first = knowledge.answer("Đổi bằng lái xe hết hạn ở đâu?")
    second = knowledge.answer("Tiện hỏi luôn, sao y bằng lái mỗi trang bao nhiêu tiền?", first.subject)
    assert second.subject is not None and second.subject.procedure_id == "chung-thuc-ban-sao"


def test_a_paper_handed_in_names_no_procedure_beside_the_one_asked(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Muốn nhập hộ khẩu cho bố về nhà tôi thì có phải nộp giấy khai sinh của tôi không?")
    assert answer.subject is not None and answer.subject.procedure_id == "dang-ky-thuong-tru"


def test_a_grandchild_is_a_person_not_a_qualifier(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Gia đình tôi có công với cách mạng, làm khai sinh cho cháu ngoại có mất tiền không?")
    assert answer.found and _has(answer.answer, "gia đình có công với cách mạng")


def test_another_question_about_the_same_plan_keeps_the_plan_s_words_for_the_next(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Ban Quản lý các khu công nghiệp Sóc Trăng năm 2024 tuyên truyền CCHC bằng những hình thức nào?")
    assert first.subject is not None and first.subject.doc_id == "plans/003_8cea1c286ee87a74"
    second = knowledge.answer("mục tiêu là góp phần xây dựng chính quyền như thế nào", first.subject)
    assert second.subject is not None and second.subject.doc_id == first.subject.doc_id
    assert second.subject.topic == first.subject.topic
    third = knowledge.answer("văn phòng định kỳ báo cáo cho ai", second.subject)
    assert third.found and _has(third.answer, "báo cáo lãnh đạo ban")


def test_a_form_asked_for_is_the_record_line_with_its_code(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Chuyển hộ khẩu về nhà chồng cần những gì?")
    assert first.subject is not None and first.subject.procedure_id == "dang-ky-thuong-tru"
    form = knowledge.answer("tờ khai điền theo mẫu nào", first.subject)
    assert form.found and "CT01" in form.answer


@pytest.mark.parametrize(
    "question",
    [
        "Cần 5 bản sao chứng thực học bạ cấp 3 thì làm ở đâu, có lấy ngay được không?",
        # The original brought to be certified, and an electronic copy certified: copies all the same.
        "Tôi mang bản chính giấy chứng nhận quyền sử dụng đất ra xã để chứng thực, không photo sẵn. Cán bộ bảo máy "
        "photo hỏng, tôi phải tự ra ngoài photo. Vậy có đúng quy định không?",
        "Tôi hay nộp hồ sơ xin việc online, lần nào cũng phải đi chứng thực bằng tốt nghiệp. Bản sao điện tử đã chứng "
        "thực có dùng lại được không?",
    ],
)
def test_a_certified_copy_is_asked_whatever_paper_follows(knowledge: KnowledgeBase, question: str) -> None:
    answer = knowledge.answer(question)
    assert answer.subject is not None and answer.subject.procedure_id == "chung-thuc-ban-sao"


def test_a_copy_of_a_certified_contract_is_not_the_certified_copy(knowledge: KnowledgeBase) -> None:
    # The portal's "cấp bản sao … từ bản chính hợp đồng đã được chứng thực" is another procedure.
    answer = knowledge.answer("Xin cấp bản sao có chứng thực từ bản chính hợp đồng đã được chứng thực ở UBND xã năm ngoái "
                              "thì mất bao lâu mới nhận được?")
    assert not answer.found


def test_a_notarised_authorisation_is_no_switch_to_certification(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Bố tôi mất ở bệnh viện huyện khác thì làm khai tử ở đâu?")
    assert first.subject is not None and first.subject.procedure_id == "dang-ky-khai-tu"
    second = knowledge.answer("nhờ anh họ đi làm thay thì giấy ủy quyền có cần công chứng không", first.subject)
    assert second.subject is not None and second.subject.procedure_id == "dang-ky-khai-tu"


def test_certifying_a_signature_is_not_the_certified_copy(knowledge: KnowledgeBase) -> None:
    # The portal's "chứng thực chữ ký" is another procedure: never answered from the copy's record.
    answer = knowledge.answer("Chứng thực chữ ký trên giấy ủy quyền thì làm ở đâu?")
    assert answer.subject is None or answer.subject.procedure_id != "chung-thuc-ban-sao"


def test_the_verb_of_paying_belongs_to_the_fee_cue(knowledge: KnowledgeBase) -> None:
    # "… khai sinh cho em bé có phải đóng lệ phí": no "đóng" is left beside the name to qualify it.
    answer = knowledge.answer("Anh tôi là người khuyết tật, đi làm khai sinh cho em bé có phải đóng lệ phí không?")
    assert answer.found and _has(answer.answer, "người khuyết tật")


# Rules found on the blind sets dialogues_dev4–dev7 (this session's wording, not the sets').


def test_a_preposition_or_a_child_s_sex_after_the_name_is_the_question_s_own(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Làm hộ chiếu cho con gái 10 tuổi thì cần những gì?")
    assert _about(answer, "cap-ho-chieu-pho-thong")
    # A real qualifier still names a procedure the catalogue lacks.
    assert not knowledge.answer("Làm hộ chiếu ngoại giao cần giấy tờ gì?").found


def test_a_long_follow_up_naming_nothing_else_is_answered_from_the_record(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Làm hộ chiếu phổ thông cần giấy tờ gì?")
    second = knowledge.answer("ở tỉnh làm không tiện thì ra thẳng Cục ở Hà Nội nộp có được không", first.subject)
    assert second.found and _has(second.answer, "Cục Quản lý xuất nhập cảnh")


def test_a_long_follow_up_after_a_note_that_found_nothing_alone_asks_about_the_note(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Đề án Văn hóa công vụ do ai phê duyệt?")
    assert first.found and first.subject is not None and first.subject.doc_id == "legal/van-hoa-cong-vu"
    second = knowledge.answer("đề án này ban hành xong thì áp dụng ngay hay còn phải chờ một thời gian nữa", first.subject)
    assert second.found and _has(second.answer, "có hiệu lực từ ngày ký")


@pytest.mark.parametrize(
    ("question", "procedure_id"),
    [
        pytest.param(  # what is written on a paper does not name the paper's procedure
            "Tôi vừa được cải chính họ tên trên giấy khai sinh, thẻ căn cước có phải đổi lại không?",
            "cap-the-can-cuoc", id="written-on-a-paper",
        ),
        pytest.param(  # "đang lo hậu sự" folds "đang" to the alias's "đăng": the alias starts where its words run together
            "Bố tôi mất tối qua, cả nhà đang lo hậu sự, bao lâu thì phải đăng ký khai tử cho bố?",
            "dang-ky-khai-tu", id="circumstances-sharing-a-syllable",
        ),
        pytest.param(  # the whole family is no qualifier of a name
            "Mua được nhà mới ở phường khác, giờ chuyển hộ khẩu cả nhà về đó cần giấy tờ gì?",
            "dang-ky-thuong-tru", id="the-whole-family",
        ),
        pytest.param(  # "cho cháu", "cho bé": who it is for, not a kind of passport
            "Ông bà muốn làm hộ chiếu cho cháu thì cần mang giấy gì?", "cap-ho-chieu-pho-thong", id="the-person-it-is-for",
        ),
        pytest.param(  # "lái xe khách … hạng D" holds "lái" long before "bằng lái": the longest run starts the name
            "Tôi lái xe khách, hạng D cấp từ lâu rồi, giờ bằng lái đó do cơ quan nào quản lý?",
            "doi-giay-phep-lai-xe", id="the-longest-run-of-its-words",
        ),
        pytest.param(  # the words the resolver took for a name are not around the alias at all
            "Em gái tôi vừa tròn 18 tuổi, muốn đăng ký kết hôn được không?", "dang-ky-ket-hon",
            id="a-name-read-elsewhere",
        ),
        pytest.param(  # a purpose after the name is the asker's case, not a kind of record
            "Cần lý lịch tư pháp để đi du học Nhật Bản thì xin ở đâu?", "cap-phieu-ly-lich-tu-phap", id="a-purpose-after-the-name",
        ),
        pytest.param(  # two names as long, a clause apart: the later one is asked about
            "Bà tôi chưa có thẻ căn cước, bà muốn có VNeID mức 2 thì phải làm gì?",
            "tai-khoan-dinh-danh-dien-tu-muc-2", id="the-name-a-clause-later",
        ),
        pytest.param(  # … and the first of names in a list
            "Liên thông khai sinh, thường trú và thẻ bảo hiểm y tế cho bé theo nghị định nào?",
            "dang-ky-khai-sinh", id="the-first-of-a-list",
        ),
        pytest.param(  # the papers by their initials, and "hồi 2020" as the asker's own past
            "Hồi 2020 tôi xin LLTP ở Sở Tư pháp, bây giờ xin ở cơ quan nào?", "cap-phieu-ly-lich-tu-phap",
            id="initials-and-a-year-of-one-s-past",
        ),
        pytest.param(
            "Mới đổi tên khai sinh, thẻ CCCD cũ còn dùng được nữa không?", "cap-the-can-cuoc", id="a-card-by-its-initials",
        ),
    ],
)
def test_circumstances_around_a_name_do_not_change_the_procedure_asked(
    knowledge: KnowledgeBase, question: str, procedure_id: str
) -> None:
    assert _about(knowledge.answer(question), procedure_id)


def test_a_span_of_time_past_asks_no_time_limit() -> None:
    from bot.procedures.fields import requested

    assert "time_limit" not in requested("chồng tôi đi làm xa mấy tháng nay, con mới sinh thì làm giấy tờ gì")
    assert "time_limit" in requested("làm khai sinh mất mấy ngày")


def test_the_procedure_s_name_is_taken_out_only_where_its_words_run_together() -> None:
    from bot.answer.answerer import _without_name

    kept = _without_name("làm khai sinh mà không có giấy chứng sinh thì sao", "Đăng ký khai sinh")
    assert "chứng sinh" in kept and "khai sinh" not in kept


def test_a_field_s_label_never_ends_an_answer_without_its_lines(knowledge: KnowledgeBase) -> None:
    """The identity card's fee is one long text: when it does not fit below the direct line,
    its "Phí, lệ phí:" label goes too, instead of ending the answer on a colon."""

    answer = knowledge.answer("thế làm thẻ có mất tiền không", Subject(procedure_id="cap-the-can-cuoc"))
    assert answer.found and "lệ phí" in answer.direct.lower()
    assert not any(line.rstrip().endswith(":") for line in answer.details)


def test_the_time_a_citizen_is_given_leads_before_the_office_s_time_limit(knowledge: KnowledgeBase) -> None:
    """"Phải … trong bao lâu" asks how long the citizen has (the record's notes), not how
    long the office takes; the time limit stays below it."""

    death = knowledge.answer("Mẹ tôi vừa mất sáng nay, nhà tôi phải đi khai tử trong vòng mấy ngày?")
    assert _about(death, "dang-ky-khai-tu") and _has(death.direct, "15 ngày kể từ ngày có người chết")
    birth = knowledge.answer("hạn chót phải đi làm là bao lâu vậy", Subject(procedure_id="dang-ky-khai-sinh"))
    assert birth.found and _has(birth.direct, "60 ngày kể từ ngày sinh")
    office = knowledge.answer("làm khai sinh mất mấy ngày")
    assert office.found and office.direct.startswith("Thời hạn giải quyết")


def test_a_story_around_a_name_is_answered_by_the_record_line_on_its_case(knowledge: KnowledgeBase) -> None:
    """One word of the story in a record line is enough to lead with that line: the summary
    ("Cơ quan thực hiện …") does not answer whether the asker's case must change the card."""
    answer = knowledge.answer("Chị tôi sắp tròn 25 tuổi, nghe nói tới tuổi đó thì phải đổi thẻ căn cước, đúng không?")
    assert _about(answer, "cap-the-can-cuoc") and _has(answer.direct, "25, 40, 60 tuổi")
    assert not answer.direct.startswith("Cơ quan thực hiện")


def test_here_or_back_home_asks_where() -> None:
    from bot.procedures.fields import requested

    assert "agency" in requested("đăng ký kết hôn ở đây được không hay phải về quê")
    assert "agency" not in requested("đăng ký kết hôn cần giấy tờ gì")
    # Another office, or the commune, named as the place asked about; "kiểu gì" is the way.
    assert "agency" in requested("ra văn phòng công chứng làm được không")
    assert "agency" in requested("xa co nhan ho so khong")
    assert "ways" in requested("nop kieu gi")


def test_the_date_asked_of_a_document_named_by_number_is_the_one_beside_what_is_asked(knowledge: KnowledgeBase) -> None:
    """The number names the document (every line on it repeats it); "hiệu lực" says which date."""
    from bot.retrieval.refs import ref_words

    assert ref_words("QĐ 19/2014/QĐ-TTg có hiệu lực khi nào") >= {"19", "2014", "qd", "ttg"}
    answer = knowledge.answer("Cho hỏi QĐ 19/2014/QĐ-TTg về ISO bắt đầu có hiệu lực từ ngày nào vậy?")
    assert answer.found and "18/5/2014" in answer.direct


def test_a_matter_only_compared_with_or_a_paper_named_first_keeps_the_remembered_procedure(knowledge: KnowledgeBase) -> None:
    from bot.answer.followup import without_comparison

    assert without_comparison("có được giảm như làm hộ chiếu không") == "co duoc giam khong"
    assert without_comparison("làm như thế nào") == "lam nhu the nao"  # "như thế nào" compares nothing
    residence = Subject(procedure_id="dang-ky-thuong-tru")
    compared = knowledge.answer("thế có được giảm 50% như làm thẻ căn cước không", residence)
    assert _about(compared, "dang-ky-thuong-tru")
    paper = knowledge.answer("giấy khai sinh của con có phải nộp kèm không", residence)
    assert _about(paper, "dang-ky-thuong-tru") and paper.direct.startswith("Thành phần hồ sơ")


def test_a_refusal_in_citizens_words_is_the_record_s_refusal(knowledge: KnowledgeBase) -> None:

    answer = knowledge.answer("lỡ họ không chịu nhập thì có phải giải thích vì sao không", Subject(procedure_id="dang-ky-thuong-tru"))
    assert _about(answer, "dang-ky-thuong-tru") and _has(answer.answer, "trả lời bằng văn bản, nêu rõ lý do")


def test_a_first_question_on_a_plan_s_part_is_answered_from_that_part(knowledge: KnowledgeBase) -> None:
    """The office and the plan's title named, what remains asks a part ("đối tượng"): the part's
    own lines answer, not the plan's busiest lines on its title words."""
    answer = knowledge.answer("Huyện Ninh Giang tuyên truyền CCHC 2022 hướng tới những đối tượng nào?")
    assert answer.found and _has(answer.body, "nhân dân trên địa bàn huyện", "đơn vị sự nghiệp công lập")
    scope = knowledge.answer("Ban Quản lý các khu công nghiệp Sóc Trăng: kế hoạch tuyên truyền CCHC 2024 áp dụng trong phạm vi nào?")
    assert scope.found and scope.body.startswith("Phạm vi: Các khu công nghiệp trên địa bàn")


def test_a_story_around_a_short_alias_opens_that_procedure(knowledge: KnowledgeBase) -> None:
    """"khai tử" amid the asker's story (the package with tử tuất): the death registration,
    and the next message is about it, not a procedure the catalogue lacks."""
    first = knowledge.answer("Ông tôi vừa mất, làm khai tử kèm luôn tiền tử tuất thì làm thế nào?")
    assert _about(first, "dang-ky-khai-tu")
    then = knowledge.answer("phần tiền trợ cấp ai giải quyết?", first.subject)
    assert then.found and _has(then.answer, "BHXH giải quyết")


def test_the_personal_details_certificate_is_the_passport_record_s(knowledge: KnowledgeBase) -> None:
    """The passport record gives the fee of the giấy xác nhận yếu tố nhân sự: it answers, not a decline."""
    answer = knowledge.answer("Tôi cần giấy xác nhận yếu tố nhân sự, lệ phí bao nhiêu?")
    assert _about(answer, "cap-ho-chieu-pho-thong") and _has(answer.answer, "yếu tố nhân sự 100.000 đồng")


@pytest.mark.parametrize(
    ("procedure_id", "question", "span"),
    [
        # Citizens' words for the records' ones: either party, a photographed copy, the result.
        ("dang-ky-ket-hon", "dang ky o xa nao, nha trai hay nha gai", "một trong hai bên"),
        ("chung-thuc-ban-sao", "lỡ quên photo trước thì sao?", "cơ quan chụp từ bản chính"),
        ("dang-ky-khai-tu", "làm xong thì mang về giấy gì?", "Trích lục khai tử"),
        # The same day or a wait: the time limit.
        ("dang-ky-ket-hon", "có giấy ngay hôm ấy không hay phải đợi?", "Cấp ngay sau khi nhận đủ giấy tờ"),
        # An old district's name on the paper: the arrangement of administrative units.
        ("dang-ky-ho-kinh-doanh", "giấy vẫn ghi tên xã cũ thì có phải đi sửa liền không", "cập nhật khi có nhu cầu"),
        # Two people of the same sex, as they say it.
        ("dang-ky-ket-hon", "hai đứa đều là con trai thì có đăng ký được không", "những người cùng giới"),
        ("dang-ky-khai-tu", "chị tôi đi làm xa, người nhà ai đi khai cũng được à", "người thân thích"),
    ],
)
def test_a_follow_up_in_citizens_words_finds_the_record_s_line(
    knowledge: KnowledgeBase, procedure_id: str, question: str, span: str
) -> None:
    answer = knowledge.answer(question, Subject(procedure_id=procedure_id))
    assert _about(answer, procedure_id) and _has(answer.answer, span)


def test_a_lost_card_where_the_asker_was_is_still_the_card(knowledge: KnowledgeBase) -> None:
    """"ngoài đường" right after the card's alias is where the asker dropped it, not a kind of card."""
    answer = knowledge.answer("Con tôi làm rơi thẻ căn cước ngoài đường, giờ làm lại hết bao nhiêu?")
    assert _about(answer, "cap-the-can-cuoc") and _has(answer.answer, "70.000 đồng")


def test_a_level_number_alone_stays_on_the_remembered_note(knowledge: KnowledgeBase) -> None:
    """"còn mức 1" after the levels of NĐ 43/2011: the note's level 1, not the VNeID account of level 1."""
    first = knowledge.answer("Trong văn bản cũ, dịch vụ công mức độ 2 nghĩa là gì?")
    assert first.subject is not None and first.subject.doc_id == "legal/dich-vu-cong-4-muc-do-nd43-2011"
    second = knowledge.answer("thế còn mức 1", first.subject)
    assert second.found and second.subject is not None and second.subject.procedure_id is None
    assert _has(second.answer, "chỉ cung cấp đầy đủ thông tin")


def test_a_day_asked_is_not_the_year_inside_a_document_number(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Trong văn bản cũ, dịch vụ công mức độ 2 nghĩa là gì?")
    second = knowledge.answer("nghị định đó ban hành ngày nào?", first.subject)
    assert second.found and "13/6/2011" in second.answer


def test_a_record_line_echoing_the_message_comes_before_the_field(knowledge: KnowledgeBase) -> None:
    """"quy định mới về trình tự cấp thẻ" is the record's own note, not the steps field."""
    answer = knowledge.answer("có quy định mới về trình tự cấp thẻ không?", Subject(procedure_id="cap-the-can-cuoc"))
    assert _about(answer, "cap-the-can-cuoc") and answer.direct.startswith("Báo chí nêu quy định mới")


def test_one_shared_heading_word_does_not_take_the_conversation_to_a_note(knowledge: KnowledgeBase) -> None:
    """After the household business, a note whose heading shares one word ("ghi") does not become the subject."""
    first = knowledge.answer("Giấy chứng nhận hộ kinh doanh do huyện cấp trước đây còn dùng được không?")
    assert _about(first, "dang-ky-ho-kinh-doanh")
    second = knowledge.answer("dia chi ghi xa cu thi co phai sua ngay khong", first.subject)
    third = knowledge.answer("giờ mở thêm cửa hàng thì đăng ký ở đâu", second.subject)
    assert _about(third, "dang-ky-ho-kinh-doanh") and _has(third.answer, "cơ quan đăng ký kinh doanh cấp xã")


def test_copies_counted_are_the_certification(knowledge: KnowledgeBase) -> None:
    """"chứng thực hai bản" is copying, whichever paper: the certification's fee."""
    answer = knowledge.answer("Giấy chứng nhận nhà đất dày 10 trang, ra phường chứng thực hai bản thì hết bao nhiêu tiền?")
    assert _about(answer, "chung-thuc-ban-sao") and _has(answer.answer, "1.000 đồng/trang")


def test_a_clause_after_the_alias_qualifies_nothing(knowledge: KnowledgeBase) -> None:
    """"khai tử trên VNeID mà không biết …": the words after "mà" are the asker's trouble, not a kind of death registration."""
    answer = knowledge.answer("Bố tôi mất rồi, tôi định làm khai tử qua VNeID mà chẳng biết vào mục nào?")
    assert _about(answer, "dang-ky-khai-tu")


def test_a_term_asked_with_thu_tuc_is_defined_not_declined_as_a_procedure(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Làm thủ tục trên môi trường điện tử nghĩa là sao?")
    assert answer.found and answer.kind == "document" and _has(answer.answer, "toàn bộ hoặc một số bước")
    then = knowledge.answer("khái niệm đó do nghị định nào đặt ra", answer.subject)
    assert then.found and then.direct.startswith("Theo Nghị định 45/2020/NĐ-CP")


def test_naming_the_remembered_procedure_again_asks_its_record(knowledge: KnowledgeBase) -> None:
    """After VNeID, a message naming it again and no field gets the record's line, not the summary again."""
    answer = knowledge.answer("đã có căn cước điện tử rồi thì đi làm giấy tờ không cần mang thẻ nữa phải không",
                              Subject(procedure_id="tai-khoan-dinh-danh-dien-tu-muc-2"))
    assert _about(answer, "tai-khoan-dinh-danh-dien-tu-muc-2") and _has(answer.answer, "có giá trị như thẻ căn cước")


def test_an_alias_spread_over_the_message_is_qualified_after_its_run(knowledge: KnowledgeBase) -> None:
    """"bằng lái … tháng sau hết hạn, nghe nói công an cấp đổi, văn bản nào quy định": the licence;
    "quy định" after the last alias word ("đổi") qualifies nothing, nor is "tháng sau hết hạn" a forecast."""
    answer = knowledge.answer("bang lai xe may cua toi thang sau het han, nghe noi gio cong an cap doi, van ban nao quy dinh vay")
    assert _about(answer, "doi-giay-phep-lai-xe") and _has(answer.answer, "Thông tư 12/2025/TT-BCA")


def test_a_province_named_is_where_the_asker_lives_not_a_kind_of_procedure(knowledge: KnowledgeBase) -> None:
    """"thường trú ở Nghệ An …, đăng ký kết hôn ở chỗ anh ấy ở Bình Dương": still the marriage registration."""
    answer = knowledge.answer("Em thường trú ở Nghệ An nhưng đi làm ở Bình Dương, giờ đăng ký kết hôn ở chỗ anh ấy "
                              "ở Bình Dương thì em cần thêm giấy gì?")
    assert _about(answer, "dang-ky-ket-hon") and _has(answer.answer, "Giấy xác nhận tình trạng hôn nhân")


def test_the_asking_phrase_of_a_long_story_picks_the_record_line(knowledge: KnowledgeBase) -> None:
    """The story's words outweigh "nhờ chị gái đi làm" (→ "ủy quyền"), which is what is asked."""
    answer = knowledge.answer("Chồng tôi đi biển cả tháng, tôi mới sinh chưa đi lại được, nhờ chị gái đi làm khai sinh "
                              "cho cháu được không?")
    assert _about(answer, "dang-ky-khai-sinh") and _has(answer.answer, "ủy quyền cho người khác làm thay")


def test_a_card_photographed_and_uploaded_is_a_paper_not_a_switch(knowledge: KnowledgeBase) -> None:
    """After the marriage registration, "chụp căn cước tải lên" is a paper of that file, not the card's procedure."""
    first = knowledge.answer("Đăng ký kết hôn cần giấy tờ gì?")
    answer = knowledge.answer("nop online thi co phai chup can cuoc tai len khong", first.subject)
    assert _about(answer, "dang-ky-ket-hon") and _has(answer.answer, "không phải tải lên")


def test_the_asker_s_old_paper_is_no_kind_of_procedure(knowledge: KnowledgeBase) -> None:
    """"Hộ chiếu cũ … loại không chip": the asker's old passport, still the ordinary passport."""
    answer = knowledge.answer("Hộ chiếu cũ của tôi loại không chip, giờ làm cái mới gắn chip có phải lên tận nơi không?")
    assert _about(answer, "cap-ho-chieu-pho-thong")


def test_relatives_in_citizens_words(knowledge: KnowledgeBase) -> None:
    """"bổ nhiệm người nhà" is the note's "người thân quen"."""
    answer = knowledge.answer("Theo Đề án văn hóa công vụ, lãnh đạo có được bổ nhiệm người nhà không?")
    assert answer.found and _has(answer.answer, "bổ nhiệm người thân quen")


def test_kin_and_fetching_verbs_after_an_alias_qualify_nothing(knowledge: KnowledgeBase) -> None:
    """"nhập hộ khẩu cho bà": the person it is for; "giấy báo tử lấy ở đâu": what is asked."""
    residence = knowledge.answer("Mẹ tôi ở quê đã ngoài 80, tôi đón bà lên ở hẳn với gia đình tôi. Muốn nhập hộ khẩu "
                                 "cho bà thì cần những giấy gì?")
    assert _about(residence, "dang-ky-thuong-tru")
    death = knowledge.answer("Bố tôi vừa mất ở bệnh viện tỉnh. Làm khai tử thì giấy báo tử lấy ở đâu, có phải tự mang đến không?")
    assert _about(death, "dang-ky-khai-tu")


def test_undoing_a_procedure_is_another_one(knowledge: KnowledgeBase) -> None:
    """"xóa đăng ký thường trú" is not the registration's fee."""
    answer = knowledge.answer("Bố tôi mất rồi, giờ đi xóa đăng ký thường trú cho ông có phải đóng lệ phí không?")
    assert not answer.found


def test_a_paper_compared_with_is_not_what_is_asked(knowledge: KnowledgeBase) -> None:
    """"Thẻ căn cước … in sai ngày sinh, lệch một năm so với giấy khai sinh": the card, not the birth registration."""
    answer = knowledge.answer("Thẻ căn cước mới nhận của tôi in sai ngày sinh, lệch một năm so với giấy khai sinh. "
                              "Giờ phải làm thủ tục gì?")
    assert _about(answer, "cap-the-can-cuoc")


def test_a_copy_with_certification_named_around_the_paper_is_the_certification(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Tôi nộp hồ sơ xin việc trực tuyến, họ cần bản sao bằng đại học có chứng thực. "
                              "Có cách nào chứng thực online không?")
    assert _about(answer, "chung-thuc-ban-sao")


def test_help_at_the_desk_and_showing_on_the_phone_in_citizens_words(knowledge: KnowledgeBase) -> None:
    first = knowledge.answer("Đăng ký kết hôn nộp ở đâu?")
    helped = knowledge.answer("Tôi không rành điện thoại, ra xã thì có ai giúp không?", first.subject)
    assert _about(helped, "dang-ky-ket-hon") and _has(helped.answer, "cán bộ hỗ trợ nộp trực tuyến")
    licence = knowledge.answer("Đổi bằng lái xe cần giấy tờ gì?")
    shown = knowledge.answer("di duong quen mang bang thi dua tren dien thoai duoc khong", licence.subject)
    assert _has(shown.answer, "xuất trình qua VNeID")


def test_a_paper_asked_about_is_not_a_switch_even_when_a_record_shares_two_words(knowledge: KnowledgeBase) -> None:
    """"giấy khai sinh của tôi có cần mang theo không" after the residence: "giấy tờ … mang theo" resolves
    to a record "… mang theo người" by two words, which names no procedure of the message's own."""
    first = knowledge.answer("Muốn nhập hộ khẩu cho mẹ thì cần những giấy gì?")
    assert _about(first, "dang-ky-thuong-tru")
    answer = knowledge.answer("giay khai sinh cua toi co can mang theo khong", first.subject)
    assert _about(answer, "dang-ky-thuong-tru")


def test_a_licence_named_before_an_alias_is_another_procedure(knowledge: KnowledgeBase) -> None:
    """"giấy phép nhập khẩu giống cây trồng" is no "nhập (hộ) khẩu": its fee is not the residence's."""
    answer = knowledge.answer("nhap giong keo, bach dan tu nuoc ngoai ve trong rung thi giay phep nhap khau giong cay "
                              "trong lam nghiep mat bao nhieu tien le phi")
    assert not _about(answer, "dang-ky-thuong-tru")


def test_the_asker_s_case_and_card_expiry_are_circumstances(knowledge: KnowledgeBase) -> None:
    """"Đổi thẻ trường hợp này", "còn hạn đến 2030": the asker's case, not a kind of card or a year asked."""
    merged = knowledge.answer("Xã tôi vừa sáp nhập nên địa chỉ trên thẻ căn cước không còn đúng. Đổi thẻ trường hợp này "
                              "có mất tiền không?")
    assert _about(merged, "cap-the-can-cuoc")
    card = knowledge.answer("Tôi đang dùng CCCD gắn chip còn hạn đến 2030, giờ muốn chuyển sang thẻ căn cước mới thì "
                            "lệ phí bao nhiêu?")
    assert _about(card, "cap-the-can-cuoc") and _has(card.answer, "30.000 đồng")


def test_the_asker_s_case_around_a_procedure_is_answered_from_its_record(knowledge: KnowledgeBase) -> None:
    # The resolver reads the story as a name it lacks; no two of its words are foreign to
    # the birth record, so the record's line on who registers answers, not "no such procedure".
    first = knowledge.answer("Làm khai sinh cho con ở xã nơi tôi tạm trú được không?")
    assert _about(first, "dang-ky-khai-sinh")
    second = knowledge.answer("Vợ tôi đi làm xa chưa về, một mình tôi đứng ra đăng ký được không?", first.subject)
    assert second.found and _has(second.answer, "Cha hoặc mẹ phải đăng ký khai sinh")
    other = knowledge.answer("thủ tục cấp giấy phép bức xạ mất bao lâu", first.subject)
    assert not other.found


def test_the_section_holding_the_question_s_own_words_answers(knowledge: KnowledgeBase) -> None:
    # "yêu cầu" names the plan's "Yêu cầu" section, but only its "Hình thức" section says
    # how procedures are posted ("niêm yết").
    answer = knowledge.answer("Kế hoạch tuyên truyền CCHC 2022 của huyện Ninh Giang yêu cầu niêm yết thủ tục ra sao?")
    assert answer.found and _has(answer.answer, "Niêm yết công khai")


def test_a_field_s_lines_are_ranked_by_the_words_few_of_them_hold(knowledge: KnowledgeBase) -> None:
    # Most document lines say "giấy tờ"; "của mình" is the declarant's own identity papers.
    first = knowledge.answer("Đăng ký khai sinh cho con cần những giấy tờ gì?")
    assert _about(first, "dang-ky-khai-sinh")
    second = knowledge.answer("lúc đi nộp, người nộp phải mang theo giấy tờ gì của mình?", first.subject)
    assert second.found and _has(second.direct, "giấy tờ tùy thân")


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        # The citizen's story in the records' words: a broken card is "hỏng", a changed face "nhân dạng".
        ("Thẻ căn cước bị gãy đôi thì phải làm thủ tục gì?", "cấp lại khi mất, hỏng"),
        ("Sau vụ tai nạn giao thông, mặt tôi phải phẫu thuật, giờ nhìn khác hẳn ảnh trên thẻ căn cước. "
         "Tôi có phải làm lại thẻ không?", "nhân dạng"),
    ],
)
def test_a_story_is_answered_by_the_record_line_in_its_own_terms(knowledge: KnowledgeBase, question: str, fact: str) -> None:
    answer = knowledge.answer(question)
    assert _about(answer, "cap-the-can-cuoc") and _has(answer.answer, fact)
