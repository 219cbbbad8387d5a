"""Procedure answers in parts, shaped by the question: relevant lines first, the field asked first."""

from __future__ import annotations

from bot.procedures import ProcedureMatcher
from bot.procedures.fields import requested


def test_the_line_holding_the_question_words_leads_its_field(matcher: ProcedureMatcher) -> None:
    entry = matcher.get("cap-ho-chieu-pho-thong")
    assert entry is not None
    plain = matcher.answer_fields(entry, ("ways",))
    asked = matcher.answer_fields(entry, ("ways",), "nhận kết quả qua bưu điện được không")
    assert sorted(plain.details[0].lines) == sorted(asked.details[0].lines)  # same lines, reordered
    assert "bưu điện" in asked.details[0].lines[0] and "bưu điện" not in plain.details[0].lines[0]
    assert "bưu điện" in asked.direct.split(";")[0]


def test_a_checked_entry_s_conditions_are_its_notes_and_lead_an_online_question(matcher: ProcedureMatcher) -> None:
    entry = matcher.get("cap-ho-chieu-pho-thong")
    assert entry is not None
    answer = matcher.answer_fields(entry, ("ways", "conditions"), "làm online thì cần điều kiện gì")
    assert [p.field for p in answer.details] == ["conditions", "ways"]
    assert "SIM chính chủ" in answer.details[0].lines[0] and "SIM chính chủ" in answer.direct


def test_a_checked_entry_s_conditions_read_as_one_list(matcher: ProcedureMatcher) -> None:
    """The notes' sentences keep no stop of their own: joined, they read "tuổi; tự nguyện", never ";;"."""
    entry = matcher.get("dang-ky-ket-hon")
    assert entry is not None
    answer = matcher.answer_fields(entry, ("conditions",), "bao nhiêu tuổi thì được kết hôn")
    assert "nữ từ đủ 18 tuổi; tự nguyện" in answer.direct
    assert ";;" not in answer.direct and ".;" not in answer.direct


def test_per_copy_and_right_away_are_fee_and_time_cues() -> None:
    assert requested("tối đa bao nhiêu một bản?") == ("fee",)
    assert requested("lấy ngay được không?") == ("time_limit",)
    assert requested("nếu phải xác minh thì lâu hơn không") == ("time_limit",)
    assert requested("Photo công chứng thì tính tiền thế nào?") == ("fee",)
    # Since when, on which occasion: not the time limit.
    assert "time_limit" not in requested("hộ chiếu online có từ bao giờ vậy?")
    assert requested("khi nào phải đổi thẻ") == ()
    assert requested("khi nào có kết quả") == ("time_limit",)
    # "Có kịp lấy giấy trước khi quay lại làm không": in time, a duration asked.
    assert requested("Đăng ký ở xã có kịp lấy giấy trước khi đi làm lại không?") == ("time_limit",)


def test_a_paper_shown_on_the_phone_is_no_way_of_filing() -> None:
    assert "ways" not in requested("Công an hỏi thì xuất trình bằng lái trên điện thoại được không?")
    assert "ways" not in requested("đưa giấy phép lái xe trên điện thoại cho cảnh sát xem được không")
    assert "ways" in requested("đổi bằng lái trên điện thoại được không")


def test_papers_named_as_the_object_do_not_ask_for_the_documents() -> None:
    """ "Photo công chứng giấy tờ mất bao nhiêu tiền": the papers are what is copied; the fee is asked."""
    assert requested("Photo công chứng giấy tờ mất bao nhiêu tiền một trang?") == ("fee",)
    assert requested("cần giấy tờ gì và lệ phí bao nhiêu") == ("documents", "fee")
    assert requested("giấy tờ gì, lệ phí bao nhiêu") == ("documents", "fee")
    assert requested("cấp lại giấy chứng nhận đủ điều kiện kiểm định hồ sơ") == ("documents", "conditions")


def test_the_field_a_question_ends_on_leads() -> None:
    """A Vietnamese question ends on what it asks; earlier cue words are its circumstances."""
    assert requested("Con được 3 tháng mới làm khai sinh thì có bị thu tiền không?") == ("fee",)
    assert requested("Bao lâu thì có kết quả và lệ phí bao nhiêu?") == ("time_limit", "fee")
    assert requested("Sao y 5 trang giấy tờ thì mất bao nhiêu tiền?")[0] == "fee"
    # "thì có" asks the time only before what is received.
    assert requested("thì có thẻ luôn không") == ("time_limit",)
    assert requested("quên bằng thì có cách nào khác không") == ()


def test_never_is_no_time_and_going_there_or_what_they_do_are_cues() -> None:
    """"chưa … bao giờ" is never, not when; "có phải đến tận nơi" the ways; "họ làm những gì" the steps."""
    assert requested("Tôi chưa làm thẻ căn cước bao giờ, giờ đi làm thẻ thì có được cấp luôn tài khoản mức 2 không?") == ()
    assert requested("chưa có kết quả, bao giờ có?") == ("time_limit",)
    assert requested("vậy có phải đến tận nơi không") == ("ways",)
    assert requested("den noi ho lam nhung gi") == ("steps",)


def test_what_one_must_do_there_and_what_one_receives_are_cues() -> None:
    assert requested("đến nơi thì cháu phải làm những gì") == ("steps",)
    assert requested("vậy bố mẹ làm kiểu gì") == ("ways",)
    assert requested("lam xong thi duoc nhan giay gi") == ("result",)
    assert requested("Tôi là trưởng thôn thì ai đi khai tử cho ông?") == ("applicants",)


def test_how_to_pay_the_fee_asks_the_ways_first() -> None:
    assert requested("Lệ phí thì đóng kiểu gì?") == ("ways", "fee")
    assert requested("lệ phí bao nhiêu") == ("fee",)
