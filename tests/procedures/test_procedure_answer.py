"""The formatted procedure answer: requested fields, plain "not checked", citation."""

from __future__ import annotations

from bot.procedures import ProcedureMatcher, format_procedure_answer


def _answer(matcher: ProcedureMatcher, question: str) -> str:
    match = matcher.match(question)
    assert match is not None, question
    return format_procedure_answer(match)


def test_documents_answer_lists_the_documents_and_cites(matcher: ProcedureMatcher) -> None:
    text = _answer(matcher, "làm giấy khai sinh cần giấy tờ gì")
    lines = text.splitlines()
    assert lines[0] == "Thủ tục: Đăng ký khai sinh"
    assert "Thành phần hồ sơ:" in lines
    assert "- Tờ khai đăng ký khai sinh theo mẫu" in lines
    assert "Lệ phí" not in text and "Thời hạn giải quyết" not in text  # only what was asked
    citation = next(line for line in lines if line.startswith("Nguồn: "))
    assert "Danh mục thủ tục hành chính" in citation
    assert "(cập nhật 01/10/2025)" in citation
    assert "căn cứ: Luật Hộ tịch số 60/2014/QH13" in citation
    assert lines[-1].startswith("Trang đối chiếu: https://dichvucong.gov.vn/")


def test_time_limit_answer(matcher: ProcedureMatcher) -> None:
    text = _answer(matcher, "đăng ky ket hon mat bao lau")
    assert "Thời hạn giải quyết: Cấp ngay sau khi nhận đủ giấy tờ" in text
    assert "không quá 05 ngày làm việc" in text


def test_fee_answer_quotes_the_catalogue(matcher: ProcedureMatcher) -> None:
    text = _answer(matcher, "lệ phí hộ chiếu")
    assert "Lệ phí: Mức gốc (Thông tư 25/2021/TT-BTC): cấp mới 200.000 đồng" in text


def test_missing_field_is_said_plainly(matcher: ProcedureMatcher) -> None:
    text = _answer(matcher, "lệ phí lý lịch tư pháp bao nhiêu")
    assert "Danh mục chưa có thông tin đã kiểm chứng về lệ phí của thủ tục này" in text
    assert "đồng" not in text.split("Nguồn:")[0]  # no invented amount


def test_whole_procedure_answer_has_every_field_and_notes(matcher: ProcedureMatcher) -> None:
    text = _answer(matcher, "thủ tục đăng ký khai tử")
    for label in ["Cơ quan giải quyết:", "Cách thức nộp:", "Thành phần hồ sơ:", "Thời hạn giải quyết:", "Lệ phí:", "Căn cứ pháp lý:"]:
        assert label in text
    assert "Lưu ý: Trong 15 ngày kể từ ngày có người chết" in text


def test_sources_can_be_capped(matcher: ProcedureMatcher) -> None:
    match = matcher.match("lệ phí hộ chiếu")
    assert match is not None
    last = format_procedure_answer(match, max_sources=2).splitlines()[-1]
    assert last.count("https://") == 2 and last.endswith("và 4 trang khác")
