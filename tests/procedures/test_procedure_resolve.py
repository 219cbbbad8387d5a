"""Resolving questions against a catalogue of checked entries and imported portal records.

The catalogue here is the shipped checked entries plus the 38 parseable sample records
(tests/data/procedures_sample.jsonl, taken from the national file), imported the way
``cchc procedures import`` does it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.procedures import (
    Absent,
    Ambiguous,
    Matched,
    ProcedureMatcher,
    answer_fields,
    asks_field_only,
    format_procedure_answer,
)
from bot.procedures.catalogue import SOURCE_CHECKED, SOURCE_LOCAL, Catalogue
from bot.procedures.resolve import Resolver
from indexer.procedure_import import read_source, record_from_row
from indexer.procedure_records import write_records

from procedure_helpers import SHIPPED_CATALOGUE

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "procedures_sample.jsonl"


def _knowledge(root: Path, *, checked: bool = True) -> Path:
    """A knowledge dir with the sample records imported (and the shipped checked entries)."""
    procedures = root / "procedures"
    procedures.mkdir(parents=True)
    write_records(procedures / "national" / "sample.records.jsonl.gz", read_source(SAMPLE).records)
    if checked:
        shutil.copy(SHIPPED_CATALOGUE, procedures / "catalogue.yaml")
    return root


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory) -> ProcedureMatcher:
    return ProcedureMatcher.from_knowledge_dir(_knowledge(tmp_path_factory.mktemp("kb")))


@pytest.fixture(scope="module")
def records_only(tmp_path_factory: pytest.TempPathFactory) -> Resolver:
    return Resolver(Catalogue.load(_knowledge(tmp_path_factory.mktemp("kb"), checked=False)))


@pytest.mark.parametrize(
    ("question", "code", "field"),
    [
        ("cấp lại bằng lái bị mất cần giấy tờ gì", "3.000348", "documents"),
        ("cap lai gplx bi mat mat bao lau", "3.000348", "time_limit"),
        ("gplx quốc tế lệ phí bao nhiêu", "3.000353", "fee"),
        ("trình báo mất hộ chiếu cần gì", "1.010386", "documents"),
        ("đổi sổ đỏ cần giấy tờ gì", "1.012783", "documents"),
        ("doi so do mat bao lau", "1.012783", "time_limit"),
        ("gia hạn tạm trú lệ phí", "1.002755", "fee"),
        ("dang ky tam tru o dau", "1.004194", "agency"),
        ("rút bhxh một lần cần giấy tờ gì", "1.001613", "documents"),
        ("cấp lại giấy miễn thị thực tại cục quản lý xuất nhập cảnh", "1.000807", None),
    ],
)
def test_records_are_matched_by_name_alias_or_abbreviation(matcher: ProcedureMatcher, question: str, code: str, field: str | None) -> None:
    result = matcher.resolve(question)
    assert isinstance(result, Matched), result
    assert code in result.entry.codes
    if field:
        assert field in result.fields and not result.all_fields
    else:
        assert result.all_fields


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("làm hộ chiếu cần giấy tờ gì", "cap-ho-chieu-pho-thong"),
        ("đổi gplx mất bao lâu", "doi-giay-phep-lai-xe"),
        ("cấp lại cccd bị mất lệ phí", "cap-the-can-cuoc"),
        ("cap lai can cuoc phi bao nhieu", "cap-the-can-cuoc"),
        ("xin lltp ở đâu", "cap-phieu-ly-lich-tu-phap"),
        ("làm giấy khai sinh cần những gì", "dang-ky-khai-sinh"),
    ],
)
def test_checked_entries_win_ties_with_their_portal_versions(matcher: ProcedureMatcher, question: str, entry_id: str) -> None:
    result = matcher.resolve(question)
    assert isinstance(result, Matched) and result.entry.id == entry_id and result.entry.source == SOURCE_CHECKED


def test_versions_without_a_checked_summary_are_an_ambiguity(records_only: Resolver) -> None:
    result = records_only.resolve("làm hộ chiếu cần giấy tờ gì")
    assert isinstance(result, Ambiguous)
    assert {c.entry.code for c in result.candidates} == {"1.001456", "1.001471"}
    labels = {c.label for c in result.candidates}
    assert labels == {"Cấp hộ chiếu phổ thông ở trong nước (Cấp tỉnh)", "Cấp hộ chiếu phổ thông ở trong nước (Cấp bộ)"}
    assert result.fields == ("documents",)


def test_a_level_in_the_question_picks_the_version(records_only: Resolver) -> None:
    result = records_only.resolve("cấp hộ chiếu phổ thông tại cấp tỉnh mất bao lâu")
    assert isinstance(result, Matched) and result.entry.code == "1.001456"


@pytest.mark.parametrize(
    "question",
    [
        "thủ tục cấp giấy phép tiến hành công việc bức xạ, lệ phí?",
        "thủ tục ly hôn cần giấy tờ gì",
        "đăng ký nhãn hiệu mất bao lâu",
        "cấp giấy phép kinh doanh karaoke cần gì",
    ],
)
def test_a_procedure_the_catalogue_lacks_is_declined(matcher: ProcedureMatcher, question: str) -> None:
    assert isinstance(matcher.resolve(question), Absent)
    assert matcher.match(question) is None  # the legacy entry point does not answer it either
    # nor may a retrieved catalogue chunk that shares words with it ("giấy phép", "hôn")
    assert not any(matcher.names(question, e.id) for e in matcher.catalogue.entries if e.source == SOURCE_CHECKED)


@pytest.mark.parametrize("question", ["giá vàng hôm nay", "lý lịch tư pháp là gì", "lệ phí?", "", "cảm ơn"])
def test_no_procedure_question(matcher: ProcedureMatcher, question: str) -> None:
    assert matcher.resolve(question) is None


def test_spelling_variants_resolve_alike(matcher: ProcedureMatcher) -> None:
    forms = ["đăng ký tạm trú cần gì", "đăng kí tạm trú cần gì", "DANG KY TAM TRU CAN GI", "dk tạm trú cần gì"]
    results = [matcher.resolve(q) for q in forms]
    assert all(isinstance(r, Matched) and r.entry.code == "1.004194" for r in results), results


@pytest.mark.parametrize(
    ("message", "fields"),
    [
        ("còn lệ phí thì sao?", ("fee",)),
        ("mất bao lâu?", ("time_limit",)),
        ("nộp ở đâu", ("agency", "ways")),
        ("lệ phí hộ chiếu", None),
        ("cảm ơn", None),
    ],
)
def test_field_only_follow_ups(message: str, fields: tuple[str, ...] | None) -> None:
    assert asks_field_only(message) == fields


def test_answer_fields_direct_line_details_and_citation(matcher: ProcedureMatcher) -> None:
    result = matcher.resolve("gia hạn tạm trú lệ phí bao nhiêu")
    assert isinstance(result, Matched)
    answer = matcher.answer_fields(result.entry, result.fields)
    assert answer.direct.startswith("Phí, lệ phí của thủ tục “Gia hạn tạm trú”:")
    assert "Việt Nam Đồng" in answer.direct
    assert answer.citation.code == "1.002755" and answer.citation.url and "dichvucong.gov.vn" in answer.citation.url
    text = answer.text()
    assert "(mã 1.002755)" in text and answer.citation.url in text
    assert answer.entry_id == "1.002755" and matcher.get("1.002755") is result.entry


def test_a_missing_field_is_said_to_be_missing(matcher: ProcedureMatcher) -> None:
    entry = matcher.get("3.000348")  # the portal gives no conditions for it
    assert entry is not None and entry.record is not None and entry.record.conditions is None
    both = answer_fields(entry, ["conditions", "documents"])
    assert both.missing == ("conditions",)
    assert [p.field for p in both.details if p.missing] == ["conditions"] and both.direct.startswith("Thành phần hồ sơ")
    alone = answer_fields(entry, ["conditions"])
    assert alone.direct.startswith("Danh mục chưa có thông tin về yêu cầu, điều kiện")


def test_checked_entry_takes_missing_fields_and_address_from_its_record(matcher: ProcedureMatcher) -> None:
    entry = matcher.get("doi-giay-phep-lai-xe")
    assert entry is not None and entry.procedure is not None and entry.procedure.time_limit is None
    answer = matcher.answer_fields(entry, ["time_limit"])
    record = matcher.get("3.000347")
    assert record is not None and record.record is not None
    assert not answer.missing and record.record.ways[0].time_limit in answer.direct
    assert answer.citation.url == record.url


def test_local_record_replaces_the_national_one(tmp_path: Path) -> None:
    knowledge = _knowledge(tmp_path, checked=False)
    row = next(json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if '"1.004194"' in line)
    local = record_from_row({**row, "cach_thuc_thuc_hien": None, "fee": "Miễn phí tại xã An Bình", "time_limit": "1 ngày"})
    write_records(knowledge / "procedures" / "local" / "an-binh.records.jsonl", [local])
    matcher = ProcedureMatcher.from_knowledge_dir(knowledge)
    result = matcher.resolve("đăng ký tạm trú lệ phí")
    assert isinstance(result, Matched) and result.entry.source == SOURCE_LOCAL
    assert "Miễn phí tại xã An Bình" in matcher.answer_fields(result.entry, result.fields).direct
    assert sum(e.code == "1.004194" for e in matcher.catalogue.entries) == 1


def test_search_over_record_bodies(matcher: ProcedureMatcher) -> None:
    hits = matcher.search_text("giấy tờ chứng minh chỗ ở hợp pháp")
    assert {"1.004194", "1.004222"} & {h.entry.code for h in hits}  # tạm trú / thường trú
    assert any("chỗ ở hợp pháp" in h.snippet and h.coverage == 1.0 for h in hits)


def test_body_search_lines_hold_the_words_asked(matcher: ProcedureMatcher) -> None:
    hits = matcher.search_text("thủ tục nào cần giấy khám sức khỏe", k=3)
    assert hits and all("sức khỏe" in h.snippet.lower() and h.coverage > 0.9 for h in hits)
    assert all(h.coverage < 0.5 for h in matcher.search_text("bộ phận một cửa làm việc giờ nào", k=3))


def test_legacy_match_answers_a_record(matcher: ProcedureMatcher) -> None:
    match = matcher.match("gia hạn tạm trú cần giấy tờ gì")
    assert match is not None and match.code == "1.002755" and match.fields == ("documents",)
    text = format_procedure_answer(match)
    assert text.startswith("Thủ tục: Gia hạn tạm trú") and "Thành phần hồ sơ" in text


def test_end_to_end_scoring_follows_the_version_button() -> None:
    """The whole-answerer figure reads the answer's fields and presses the expected version's button."""
    from bot.answer.models import Answer, Choice, Subject
    from bot.evaluation.procedure_eval import evaluate_end_to_end

    clarify = Answer(question="q", found=False, kind="clarify", direct="?",
                     choices=[Choice(label="A", question="q", procedure_id="a"), Choice(label="B", question="q", procedure_id="b")])
    about_b = Answer(question="q", found=True, kind="procedure", direct="Phí: 1 đồng", subject=Subject(procedure_id="b"))
    about_a = Answer(question="q2", found=True, kind="procedure", direct="Phí: 2 đồng", subject=Subject(procedure_id="a"))
    declined = Answer(question="q3", found=False, kind="not_found", direct="không có")
    replies = {"q": clarify, "q2": about_a, "q3": declined, "q4": about_a}
    rows = [
        {"question": "q", "expected": ["2.0"], "field": "fee"},   # right after pressing B
        {"question": "q2", "expected": ["2.0"], "field": "fee"},  # wrong: about A
        {"question": "q3", "expected": [], "field": "fee"},       # absent, declined
        {"question": "q4", "expected": [], "field": "fee"},       # absent, answered: wrong
    ]
    codes = {"a": {"1.0"}, "b": {"2.0"}}
    result = evaluate_end_to_end(rows, lambda q: replies[q], lambda pid: codes.get(pid, set()),
                                 lambda q, pid: about_b if pid == "b" else about_a)
    assert (result.right, result.clarified, result.declined, result.wrong) == (1, 1, 1, 2)
    assert result.total == 4 and len(result.failures) == 2
