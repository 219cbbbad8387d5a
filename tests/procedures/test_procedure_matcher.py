"""Matching questions to procedures and fields; non-procedure questions must not match."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bot.procedures import Absent, ProcedureMatcher
from bot.procedures.matcher import requested_fields
from indexer.procedures import FIELD_LABELS, Procedure

WHERE = ("body", "ways")


@pytest.mark.parametrize(
    ("question", "procedure_id", "fields"),
    [
        ("làm giấy khai sinh cần giấy tờ gì", "dang-ky-khai-sinh", ("documents",)),
        ("đăng ky ket hon mat bao lau", "dang-ky-ket-hon", ("time_limit",)),
        ("lệ phí hộ chiếu", "cap-ho-chieu-pho-thong", ("fee",)),
        ("xin phiếu lý lịch tư pháp ở đâu", "cap-phieu-ly-lich-tu-phap", WHERE),
        ("dang ki thuong tru can giay to gi", "dang-ky-thuong-tru", ("documents",)),
        ("nhập hộ khẩu cho vợ mất bao nhiêu tiền", "dang-ky-thuong-tru", ("fee",)),
        ("lam can cuoc cho con o dau", "cap-the-can-cuoc", WHERE),
        ("đổi bằng lái xe hết bao lâu", "doi-giay-phep-lai-xe", ("time_limit",)),
        ("photo công chứng bao nhiêu tiền một trang", "chung-thuc-ban-sao", ("fee",)),
        ("làm giấy khai tử cho bố cần những gì", "dang-ky-khai-tu", ("documents",)),
        ("đăng ký hộ kinh doanh ở đâu", "dang-ky-ho-kinh-doanh", WHERE),
        ("làm hộ chiếu online mất mấy ngày", "cap-ho-chieu-pho-thong", ("time_limit",)),
        ("dk ket hon can gi", "dang-ky-ket-hon", ("documents",)),
        ("chứng thực giấy tờ ở đâu", "chung-thuc-ban-sao", WHERE),
        ("thủ tục khai sinh theo luật nào", "dang-ky-khai-sinh", ("legal_basis",)),
        ("cấp lại căn cước phí bao nhiêu", "cap-the-can-cuoc", ("fee",)),
        ("ĐĂNG KÝ KẾT HÔN CĂN CỨ PHÁP LÝ", "dang-ky-ket-hon", ("legal_basis",)),
        ("doi bang lai xe online duoc khong", "doi-giay-phep-lai-xe", ("ways",)),
    ],
)
def test_procedure_and_field(matcher: ProcedureMatcher, question: str, procedure_id: str, fields: tuple[str, ...]) -> None:
    match = matcher.match(question)
    assert match is not None, question
    assert match.procedure.id == procedure_id
    assert match.fields == fields
    assert not match.all_fields


@pytest.mark.parametrize(
    ("question", "procedure_id"),
    [
        ("làm passport", "cap-ho-chieu-pho-thong"),
        ("thủ tục đăng ký khai tử", "dang-ky-khai-tu"),
        ("kích hoạt VNeID mức 2 như thế nào", "tai-khoan-dinh-danh-dien-tu-muc-2"),
        ("xin giấy khai tử cho bố", "dang-ky-khai-tu"),
        ("VNeID", "tai-khoan-dinh-danh-dien-tu-muc-2"),
    ],
)
def test_nothing_specific_asks_for_all_fields(matcher: ProcedureMatcher, question: str, procedure_id: str) -> None:
    match = matcher.match(question)
    assert match is not None and match.procedure.id == procedure_id
    assert match.all_fields and match.fields == tuple(FIELD_LABELS)


@pytest.mark.parametrize(
    "question",
    [
        "",
        "   ?!",
        "chỉ tiêu CCHC năm 2024",
        "cơ chế một cửa là gì",
        "giá vàng hôm nay",
        "đăng ký khai thuế",  # one syllable from "đăng ký khai tử/sinh"
        "thủ tục nhập khẩu hàng hóa",  # "nhập khẩu" is an alias of permanent residence
        "dịch vụ công trên VNeID",
        "nộp hồ sơ qua VNeID được không",
        "lý lịch tư pháp là gì",  # a definition, not a field
        "dịch vụ công trực tuyến toàn trình là gì",
        "hồ sơ trễ hẹn thì sao",
        "tính thuế thu nhập cá nhân thế nào",
        "vượt đèn đỏ phạt bao nhiêu tiền",
        "lãi suất ngân hàng hôm nay",
        "đăng ký xe máy ở đâu",
    ],
)
def test_non_procedure_questions_do_not_match(matcher: ProcedureMatcher, question: str) -> None:
    assert matcher.match(question) is None


@pytest.mark.parametrize(
    ("question", "procedure_id", "named"),
    [
        ("giấy khai sinh cho con cần những gì", "dang-ky-khai-sinh", True),
        ("ket hon voi nguoi nuoc ngoai", "dang-ky-ket-hon", True),
        ("thủ tục ly hôn như thế nào", "dang-ky-ket-hon", False),  # shares only "hôn"
        ("đăng ký tạm trú", "dang-ky-ket-hon", False),  # "đăng ký" names no procedure
        ("thủ tục khai sinh", "dang-ky-ket-hon", False),
    ],
)
def test_names_needs_a_pair_of_the_procedures_own_syllables(
    matcher: ProcedureMatcher, question: str, procedure_id: str, named: bool
) -> None:
    assert matcher.names(question, procedure_id) is named


def test_no_existing_dev_question_about_plans_matches(matcher: ProcedureMatcher) -> None:
    """The plan questions of qa_dev (topics other than procedures) must stay with retrieval."""
    path = Path(__file__).resolve().parents[1] / "data" / "qa_dev.jsonl"
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    stray = [r["question"] for r in rows if r.get("doc") != "procedures/catalogue" and matcher.match(r["question"])]
    assert stray == []


def test_longest_alias_wins() -> None:
    procedures = [
        Procedure(id="chung", name="Thủ tục chung", aliases=["hộ chiếu"]),
        Procedure(id="rieng", name="Thủ tục riêng", aliases=["cấp lại hộ chiếu"]),
    ]
    match = ProcedureMatcher(procedures).match("cấp lại hộ chiếu bị mất")
    assert match is not None and match.procedure.id == "rieng"


def test_empty_catalogue_never_matches(tmp_path: Path) -> None:
    assert ProcedureMatcher.from_knowledge_dir(tmp_path).match("làm hộ chiếu") is None


def test_min_score_is_validated() -> None:
    with pytest.raises(ValueError, match="min_score"):
        ProcedureMatcher([], min_score=0)


def test_from_knowledge_dir_skips_bad_catalogue_and_keeps_newer_duplicate(tmp_path: Path) -> None:
    folder = tmp_path / "procedures"
    folder.mkdir()
    (folder / "a.yaml").write_text(
        "- id: thu-tuc-a\n  name: Thủ tục A\n  fee: cũ\n  as_of: 2025-09-01\n", encoding="utf-8"
    )
    (folder / "b.csv").write_text("id,name,fee,as_of\nthu-tuc-a,Thủ tục A,mới,2025-10-01\n", encoding="utf-8")
    (folder / "broken.yaml").write_text("- name: no id\n", encoding="utf-8")
    matcher = ProcedureMatcher.from_knowledge_dir(tmp_path)
    match = matcher.match("lệ phí thủ tục A")
    assert match is not None
    assert match.procedure.fee == "mới" and match.procedure.as_of == dt.date(2025, 10, 1)
    assert match.catalogue.endswith("(b.csv)")


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("cần giấy tờ gì", ("documents",)),
        ("phải nộp thêm giấy gì", ("documents",)),  # "giấy gì" as citizens say it
        ("cau toi di thi mang nhung giay gi", ("documents",)),
        ("nhận được giấy gì", ()),  # the result, which the legacy matcher does not answer by field
        ("mình mang bản gốc đi hay bản photo", ("documents",)),  # which form of the papers
        ("ngoài đơn ra thì phải mang theo cái gì nữa", ("documents",)),
        ("về nhà mới thì điền tờ khai nào", ("documents",)),
        ("mat bao lau", ("time_limit",)),
        ("bao nhiêu tiền", ("fee",)),
        ("nộp ở đâu", ("body", "ways")),
        ("căn cứ luật nào", ("legal_basis",)),
        ("mất bao nhiêu ngày", ("time_limit",)),
        ("lấy giấy ngay trong buổi không hay phải đợi", ("time_limit",)),  # the same day or a wait
        ("thẻ cũ có phải đổi không", ()),  # "đổi" folds like "đợi": changing the card, not a wait
        ("", ()),
        ("như thế nào", ()),
    ],
)
def test_requested_fields(text: str, fields: tuple[str, ...]) -> None:
    assert requested_fields(text) == fields


@pytest.mark.parametrize(
    ("question", "procedure_id"),
    [
        # A checked alias inside a name the catalogue lacks: the alias must not claim it.
        ("cấp hộ chiếu ngoại giao cần hồ sơ gì", None),
        ("xin giấy phép kinh doanh karaoke cần gì", None),
        # The resolver finds no name, but every other subject word is the entry's own,
        # or a lone word of the question's own.
        ("Nam bao nhiêu tuổi thì được đăng ký kết hôn?", "dang-ky-ket-hon"),
        ("Sinh con xong thì bao lâu phải đi làm khai sinh?", "dang-ky-khai-sinh"),
        ("Đổi bằng lái xe giờ làm ở đâu?", "doi-giay-phep-lai-xe"),
        # The question right after the name: what follows is asked, not a kind of card; a
        # qualifier right after it still names another procedure.
        ("Cháu tôi tròn 14 tuổi rồi, đi làm căn cước có phải mang theo giấy tờ gì không?", "cap-the-can-cuoc"),
        ("làm hộ chiếu ngoại giao cần hồ sơ gì", None),
        # The whole alias followed by the goods, whichever occurrence comes last.
        ("Công ty nhập khẩu máy in laser để bán thì xin giấy phép nhập khẩu ở đâu?", None),
        # When the asker did something ("hồi tháng 8") and the shop a business is for qualify no name.
        ("Tôi đánh mất hộ chiếu hồi tháng 8, giờ xin cấp lại hết bao nhiêu tiền?", "cap-ho-chieu-pho-thong"),
        ("Đăng ký hộ kinh doanh quán cà phê nhỏ ở phường thì nộp ở đâu?", "dang-ky-ho-kinh-doanh"),
    ],
)
def test_checked_alias_does_not_claim_an_absent_procedure(
    matcher: ProcedureMatcher, question: str, procedure_id: str | None
) -> None:
    resolved = matcher.resolve(question)
    assert isinstance(resolved, Absent)
    match = matcher.match_checked(question, resolved)
    assert (match.procedure.id if match else None) == procedure_id


@pytest.mark.parametrize(
    ("question", "procedure_id"),
    [("thẻ CCCD cũ có bắt buộc phải đổi không", "cap-the-can-cuoc"), ("xin LLTP ở đâu", "cap-phieu-ly-lich-tu-phap")],
)
def test_papers_are_matched_by_their_initials(matcher: ProcedureMatcher, question: str, procedure_id: str) -> None:
    match = matcher.match_checked(question)
    assert match is not None and match.procedure.id == procedure_id


@pytest.mark.parametrize(
    ("question", "own_case", "procedure_id"),
    [
        # A two-syllable alias amid a story told in the record's own words: the asker's case.
        ("Cháu tôi 10 tuổi chưa có điện thoại, bố mẹ muốn tạo VNeID cho cháu thì làm sao?", True, "tai-khoan-dinh-danh-dien-tu-muc-2"),
        ("Ông tôi vừa mất, làm khai tử kèm luôn tiền tử tuất được không?", True, "dang-ky-khai-tu"),
        # Off (after another procedure), the same story names nothing.
        ("Ông tôi vừa mất, làm khai tử kèm luôn tiền tử tuất được không?", False, None),
        # Words the record never uses around the alias: another matter, when many names of
        # the catalogue hold the alias ("nhập khẩu": customs, import licences) …
        ("nhập khẩu hàng hóa qua cảng biển thì sao", True, None),
        # … while a term few names hold ("khai tử") names its procedure amid any story.
        ("Bố tôi là cán bộ hưu trí, vừa mất hôm qua. Tôi nghe có gói làm khai tử cùng lúc với chế độ tử tuất, "
         "gói đó gồm những thủ tục nào?", True, "dang-ky-khai-tu"),
        ("Ông cụ hàng xóm sống một mình, không vợ con, vừa mất. Tôi là trưởng thôn thì ai đi khai tử cho ông?",
         True, "dang-ky-khai-tu"),
    ],
)
def test_a_short_alias_amid_the_record_s_own_words_names_it(
    matcher: ProcedureMatcher, question: str, own_case: bool, procedure_id: str | None
) -> None:
    match = matcher.match_checked(question, own_case=own_case)
    assert (match.procedure.id if match else None) == procedure_id


@pytest.mark.parametrize(
    ("question", "procedure_id"),
    [
        # What the asker has not done yet is the circumstance; the name a clause later is asked.
        ("Ông tôi chưa làm thẻ căn cước, giờ muốn có VNeID mức 2 thì làm sao?", "tai-khoan-dinh-danh-dien-tu-muc-2"),
        ("Tôi chưa làm thẻ căn cước, giờ xin lý lịch tư pháp được không?", "cap-phieu-ly-lich-tu-phap"),
        # No "chưa": the first, longer name stays the subject.
        ("làm thẻ căn cước xong thì có VNeID mức 2 luôn không", "cap-the-can-cuoc"),
        # Not had yet and named last: the name before it is asked about.
        ("Làm hộ chiếu online cho con 9 tuổi, cháu chưa có tài khoản VNeID thì khai bằng tài khoản nào?", "cap-ho-chieu-pho-thong"),
    ],
)
def test_a_name_not_yet_done_is_the_circumstance(matcher: ProcedureMatcher, question: str, procedure_id: str) -> None:
    match = matcher.match_checked(question)
    assert match is not None and match.procedure.id == procedure_id


@pytest.mark.parametrize(
    ("question", "procedure_id"),
    [
        # "Nơi thường trú" is where the asker lives, not the residence procedure.
        ("hai đứa không đăng ký ở nơi thường trú thì kết hôn cần thêm giấy gì", "dang-ky-ket-hon"),
        ("đăng ký thường trú cho con cần gì", "dang-ky-thuong-tru"),
        ("làm hộ chiếu có phải về tỉnh thường trú không", "cap-ho-chieu-pho-thong"),
    ],
)
def test_a_place_of_residence_is_not_the_residence_procedure(matcher: ProcedureMatcher, question: str, procedure_id: str) -> None:
    match = matcher.match_checked(question)
    assert match is not None and match.procedure.id == procedure_id


@pytest.mark.parametrize(
    ("question", "procedure_id"),
    [
        # Someone "thường trú ở xã A": where he lives; "thường trú ở đâu" asks where to register.
        ("Bố tôi thường trú ở xã A nhưng mất ở nhà chị tôi bên xã B, vậy đăng ký ở xã nào?", None),
        ("Đăng ký thường trú ở đâu?", "dang-ky-thuong-tru"),
    ],
)
def test_living_somewhere_is_not_the_residence_procedure(
    matcher: ProcedureMatcher, question: str, procedure_id: str | None
) -> None:
    match = matcher.match_checked(question)
    assert (match.procedure.id if match else None) == procedure_id


@pytest.mark.parametrize(
    ("question", "other"),
    [
        ("thủ tục cấp giấy phép bức xạ mất bao lâu", True),  # two words the birth record never uses
        ("Vợ tôi đi làm xa chưa về, một mình tôi đứng ra đăng ký được không?", False),  # the asker's case
    ],
)
def test_an_absent_name_after_a_procedure_names_another_only_by_foreign_words(
    matcher: ProcedureMatcher, question: str, other: bool
) -> None:
    resolved = matcher.resolve(question)
    assert isinstance(resolved, Absent)
    assert matcher.names_other("dang-ky-khai-sinh", resolved) is other
