"""Importing procedure records: the portal's flattened tables, office CSV/XLSX exports, broken input.

The portal records are taken unchanged from the shared national file
(tests/data/procedures_sample.jsonl: 40 records chosen for their table shapes).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from bot.cli import app
from indexer.portal_tables import TableError, parse_documents, parse_legal_basis, parse_result, parse_ways
from indexer.procedure_import import SourceError, read_source, record_from_row
from indexer.procedure_records import read_records, write_records
from indexer.textnorm import normalize

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "procedures_sample.jsonl"


@pytest.fixture(scope="module")
def raw() -> dict[str, dict]:
    """The sample's raw portal records by code."""
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {row["ma_thu_tuc"]: row for row in rows}


def test_ways_three_rows_fee_in_usd_with_note(raw: dict[str, dict]) -> None:
    ways = parse_ways(raw["1.000771"]["cach_thuc_thuc_hien"])
    assert [w.channel for w in ways] == ["Trực tuyến", "Dịch vụ bưu chính", "Trực tiếp"]
    assert {(w.time_limit, w.fee, w.fee_note) for w in ways} == {("5 Ngày làm việc", "10 USD", "/lần")}


def test_ways_fee_in_vietnam_dong_and_vnd(raw: dict[str, dict]) -> None:
    ways = parse_ways(raw["1.002359"]["cach_thuc_thuc_hien"])
    assert ways[0].fee == "200,000 Việt Nam Đồng"
    assert ways[0].fee_note == "200.000 VNĐ/giấy phép"


def test_ways_several_rows_per_way_keep_their_own_fee(raw: dict[str, dict]) -> None:
    ways = parse_ways(raw["1.003358"]["cach_thuc_thuc_hien"])
    assert len(ways) > 3  # one row per way and per card validity
    assert {w.fee for w in ways} >= {"145 USD", "155 USD"}


def test_ways_one_row_without_fee_cell(raw: dict[str, dict]) -> None:
    ways = parse_ways(raw["1.000253"]["cach_thuc_thuc_hien"])
    assert [(w.channel, w.time_limit, w.fee) for w in ways] == [("Trực tiếp", "7 Ngày", None)]


def test_ways_hours_worded_and_unitless_times(raw: dict[str, dict]) -> None:
    assert parse_ways(raw["1.010047"]["cach_thuc_thuc_hien"])[0].time_limit == "1 Giờ"
    assert parse_ways(raw["1.008312"]["cach_thuc_thuc_hien"])[0].time_limit == "Không quy định"
    assert parse_ways(raw["1.008331"]["cach_thuc_thuc_hien"])[0].time_limit == "1"
    assert parse_ways(raw["1.008331"]["cach_thuc_thuc_hien"])[0].fee == "Miễn phí"


def test_ways_no_information_fee_is_missing(raw: dict[str, dict]) -> None:
    ways = parse_ways(raw["1.000178"]["cach_thuc_thuc_hien"])
    assert ways and all(w.fee is None for w in ways)  # "Không có thông tin" is not a fee
    assert ways[0].description and "khiếu nại" in ways[0].description


def test_ways_empty_time_cell_keeps_the_fee(raw: dict[str, dict]) -> None:
    # "Trực tuyếnKhông có thông tin50,000 Việt Nam Đồng(/di chúc)": the empty cell is the time.
    ways = parse_ways(raw["2.001019"]["cach_thuc_thuc_hien"])
    assert [(w.time_limit, w.fee, w.fee_note, w.description) for w in ways] == [
        (None, "50,000 Việt Nam Đồng", "/di chúc", None)
    ] * 3


def test_ways_without_rows_is_an_error() -> None:
    with pytest.raises(TableError):
        parse_ways("Hình thức nộpThời gianPhí, lệ phíMô tảnộp ở đâu cũng được")


def test_documents_in_groups_with_cases(raw: dict[str, dict]) -> None:
    groups = parse_documents(raw["1.000807"]["thanh_phan_ho_so"])
    assert len(groups) == 2
    assert groups[0].case is not None and groups[0].case.startswith("Giấy tờ chứng minh thuộc diện")
    assert groups[1].case is None
    assert any(item.count == "0 bản chính,1 bản sao" for item in groups[1].items)


def test_documents_form_file_split_from_name(raw: dict[str, dict]) -> None:
    items = parse_documents(raw["1.000232"]["thanh_phan_ho_so"])[0].items
    item = next(i for i in items if i.form)
    assert item.form == "Mau NA20-BCA.docx"
    assert item.name.endswith("(NA20).") and item.count == "1 bản chính"


def test_documents_last_row_without_count_is_kept(raw: dict[str, dict]) -> None:
    group = parse_documents(raw["1.009537"]["thanh_phan_ho_so"])[0]
    assert group.case == "(1) Chấp thuận tổ chức lại"
    assert group.items[-1].count is None and group.items[-1].name.startswith("Tài liệu chứng minh")


def test_documents_empty_cell() -> None:
    assert parse_documents("") == [] and parse_documents("Không có thông tin") == []


def test_legal_basis_titles_and_numbers(raw: dict[str, dict]) -> None:
    refs = parse_legal_basis(raw["1.000178"]["can_cu_phap_ly"])
    assert [r.number for r in refs] == ["68/2013/TT-BCA", "02/2011/QH13", "11/2015/TT-BCA", "05/2012/NĐ-CP"]
    assert refs[1].title == "Luật Khiếu nại năm 2011"  # the year is not eaten by the number
    assert refs[3].title == "Nghị định 05/2012/NĐ-CP"  # a title ending in its own number


def test_legal_basis_assembly_terms_and_prefixed_numbers(raw: dict[str, dict]) -> None:
    refs = parse_legal_basis(raw["1.000236"]["can_cu_phap_ly"])
    assert refs[0].number == "51/2019/QH14"
    assert refs[2].title.endswith("sửa đổi 2023") and refs[2].number == "23/2023/QH15"
    assert refs[-1].number == "Luật 47/2014/QH13"


def test_result_drops_page_residue(raw: dict[str, dict]) -> None:
    # The portal's text mixes Unicode forms; the importer normalises each parsed cell.
    assert [normalize(r) for r in parse_result(raw["1.000178"]["ket_qua_xu_ly"])] == [
        normalize("Quyết định giải quyết khiếu nại lần 1, lần 2")
    ]
    assert parse_result("") == []


def test_record_keeps_identity_fields(raw: dict[str, dict]) -> None:
    record = record_from_row(raw["1.004194"])
    assert record.code == "1.004194" and record.name == "Đăng ký tạm trú"
    assert record.level == "Cấp xã" and record.ministry == "bo-cong-an"
    assert record.url and record.url.startswith("https://dichvucong.gov.vn/")
    assert record.agency and record.applicants and record.steps
    assert record.documents and record.legal_basis and record.result


def test_unparseable_record_is_reported_by_code_and_the_rest_go_on(tmp_path: Path) -> None:
    source = tmp_path / "sample.jsonl.gz"
    source.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    report = read_source(source)
    assert [code for code, _ in report.skipped] == ["1.014605"]
    assert "căn cứ pháp lý" in report.skipped[0][1] or "legal basis" in report.skipped[0][1]
    assert len(report.records) == 39


def test_truncated_json_line_is_skipped(tmp_path: Path) -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    source = tmp_path / "cut.jsonl"
    source.write_text("\n".join([lines[3][: len(lines[3]) // 2], *lines[4:8]]) + "\n", encoding="utf-8")
    report = read_source(source)
    assert len(report.records) == 4
    assert report.skipped[0][0] == json.loads(lines[3])["ma_thu_tuc"]  # the code is read from the cut line
    assert "không phải JSON hợp lệ" in report.skipped[0][1]


def test_reimport_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "procedures" / "x.records.jsonl.gz"
    records = read_source(SAMPLE).records
    assert write_records(out, records) is True
    first = out.read_bytes()
    assert write_records(out, read_source(SAMPLE).records) is False
    assert out.read_bytes() == first
    assert [r.code for r in read_records(out)] == sorted(r.code for r in records)


def test_csv_export_with_vietnamese_titles(tmp_path: Path) -> None:
    source = tmp_path / "xa.csv"
    source.write_text(
        "Mã thủ tục;Tên thủ tục;Cấp thực hiện;Thời hạn giải quyết;Phí, lệ phí;Thành phần hồ sơ;Căn cứ pháp lý;Tên gọi khác\n"
        "X.001;Xác nhận hộ nghèo;Cấp xã;3 ngày làm việc;Miễn phí;\"Đơn đề nghị\nSổ hộ khẩu\";Nghị định 07/2021/NĐ-CP;giấy xác nhận hộ nghèo\n",
        encoding="utf-8-sig",
    )
    record = read_source(source).records[0]
    assert record.code == "X.001" and record.level == "Cấp xã"
    assert record.ways[0].time_limit == "3 ngày làm việc" and record.ways[0].fee == "Miễn phí"
    assert [i.name for i in record.documents[0].items] == ["Đơn đề nghị", "Sổ hộ khẩu"]
    assert record.legal_basis[0].number == "07/2021/NĐ-CP"
    assert record.aliases == ["giấy xác nhận hộ nghèo"]


def test_xlsx_export_with_portal_cells_and_a_mapped_column(tmp_path: Path, raw: dict[str, dict]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã TTHC", "Tên thủ tục", "Cách thức thực hiện", "Thành phần hồ sơ", "Ghi chú nội bộ"])
    row = raw["1.000771"]
    sheet.append([row["ma_thu_tuc"], row["ten_thu_tuc"], row["cach_thuc_thuc_hien"], row["thanh_phan_ho_so"], "x"])
    source = tmp_path / "so.xlsx"
    book.save(source)
    with pytest.raises(SourceError, match="Ghi chú nội bộ"):
        read_source(source)
    record = read_source(source, extra_columns={"Ghi chú nội bộ": "-"}).records[0]
    assert record.code == "1.000771" and record.ways[0].fee == "10 USD"
    assert record.documents[0].items


def test_unknown_columns_are_refused(tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("Mã thủ tục,Tên thủ tục,Lệ phi cũ\nA,B,C\n", encoding="utf-8")
    with pytest.raises(SourceError, match="cột không nhận ra: 'Lệ phi cũ'"):
        read_source(source)


def test_empty_files_are_refused(tmp_path: Path) -> None:
    for name in ("empty.csv", "empty.jsonl"):
        (tmp_path / name).write_text("", encoding="utf-8")
        with pytest.raises(SourceError, match="trống|không có thủ tục"):
            read_source(tmp_path / name)


def test_oversize_file_is_refused_before_reading(tmp_path: Path) -> None:
    source = tmp_path / "huge.jsonl"
    with source.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing on disk
    with pytest.raises(SourceError, match="200 MB, vượt giới hạn 100 MB"):
        read_source(source)


def test_cli_import_reports_and_is_idempotent(tmp_path: Path) -> None:
    out = tmp_path / "out.records.jsonl.gz"
    runner = CliRunner()
    first = runner.invoke(app, ["procedures", "import", str(SAMPLE), "--out", str(out)])
    assert first.exit_code == 0, first.output
    assert "Đã nhập 39 thủ tục" in first.output and "1.014605" in first.output
    again = runner.invoke(app, ["procedures", "import", str(SAMPLE), "--out", str(out)])
    assert "không có gì thay đổi" in again.output
    failed = runner.invoke(app, ["procedures", "import", str(tmp_path / "missing.csv")])
    assert failed.exit_code == 1 and "Không nhập được" in failed.output
