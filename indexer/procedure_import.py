"""Importing procedure records: the national portal's JSON lines, or an office's CSV / XLSX export.

Why an import step (rather than reading the portal's file at every build): the flattened
tables are parsed once, the bad records are reported once, by code, with the reason, and
what the bot serves is a plain file of structured records that a person can read and diff.
The same source always gives the same output bytes (`indexer.procedure_records.write_records`).

Sources:

- JSON lines (``.jsonl``, ``.json``, optionally ``.gz``) with the portal's field names
  (`PORTAL_FIELDS`), one record per line;
- CSV (UTF-8, Excel's BOM accepted, delimiter sniffed) or XLSX (first sheet) with a header
  row. A column is mapped to a field by its title: the portal's field names and Vietnamese
  column titles are recognised (`DEFAULT_COLUMNS`, compared without case or diacritics),
  and ``extra_columns`` adds an office's own titles (a title mapped to ``-`` is ignored).
  An unknown column refuses the file, so that a misspelt "Lệ phi" column cannot silently
  read as "no fee".
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from indexer.portal_tables import NO_INFO, TableError, parse_documents, parse_legal_basis, parse_result, parse_ways
from indexer.procedure_records import DocumentGroup, DocumentItem, LegalRef, ProcedureRecord, Way
from indexer.textnorm import fold, nfc, normalize

# The national source is 2 MB gzip (20 MB of JSON) for 2,642 records; an office's export
# is far smaller. 100 MB leaves room for a whole province's catalogue while refusing a
# wrong file (a database dump, a video) before reading it into memory.
MAX_IMPORT_BYTES = 100 * 1024 * 1024
# A gzip source may not inflate past this (a compressed bomb would otherwise pass the
# size check above): 4x the plain-file limit.
MAX_INFLATED_BYTES = 4 * MAX_IMPORT_BYTES
IGNORE = "-"

# The portal's field names, as in the shared national file; every one is understood.
PORTAL_FIELDS: tuple[str, ...] = (
    "ma_thu_tuc", "ten_thu_tuc", "detail_url", "so_quyet_dinh", "cap_thuc_hien", "loai_thu_tuc", "linh_vuc",
    "doi_tuong_thuc_hien", "co_quan_thuc_hien", "co_quan_co_tham_quyen", "dia_chi_tiep_nhan",
    "co_quan_duoc_uy_quyen", "co_quan_phoi_hop", "thu_tuc_lien_quan", "trinh_tu_thuc_hien",
    "cach_thuc_thuc_hien", "thanh_phan_ho_so", "can_cu_phap_ly", "yeu_cau_dieu_kien", "ket_qua_xu_ly",
    "formality_id", "_source_folder", "_source_path",
)
# Columns an office export may add that the portal does not have: citizens' names of the
# procedure, a time limit and a fee applying to every way, and the local mark.
OFFICE_FIELDS: tuple[str, ...] = ("aliases", "time_limit", "fee", "local")
# Vietnamese column titles (as the portal's pages and offices' spreadsheets head them) →
# field. Compared folded (no case, no diacritics, single spaces).
DEFAULT_COLUMNS: dict[str, str] = {
    "Mã thủ tục": "ma_thu_tuc", "Mã TTHC": "ma_thu_tuc", "Mã số": "ma_thu_tuc",
    "Tên thủ tục": "ten_thu_tuc", "Tên TTHC": "ten_thu_tuc", "Tên thủ tục hành chính": "ten_thu_tuc",
    "Địa chỉ trang": "detail_url", "Đường dẫn": "detail_url", "URL": "detail_url", "Liên kết": "detail_url",
    "Số quyết định": "so_quyet_dinh", "Quyết định công bố": "so_quyet_dinh",
    "Cấp thực hiện": "cap_thuc_hien", "Loại thủ tục": "loai_thu_tuc", "Lĩnh vực": "linh_vuc",
    "Đối tượng thực hiện": "doi_tuong_thuc_hien", "Cơ quan thực hiện": "co_quan_thuc_hien",
    "Cơ quan có thẩm quyền": "co_quan_co_tham_quyen", "Địa chỉ tiếp nhận": "dia_chi_tiep_nhan",
    "Địa chỉ tiếp nhận hồ sơ": "dia_chi_tiep_nhan", "Cơ quan được ủy quyền": "co_quan_duoc_uy_quyen",
    "Cơ quan phối hợp": "co_quan_phoi_hop", "Thủ tục liên quan": "thu_tuc_lien_quan",
    "Trình tự thực hiện": "trinh_tu_thuc_hien", "Cách thức thực hiện": "cach_thuc_thuc_hien",
    "Thành phần hồ sơ": "thanh_phan_ho_so", "Căn cứ pháp lý": "can_cu_phap_ly",
    "Yêu cầu, điều kiện thực hiện": "yeu_cau_dieu_kien", "Yêu cầu, điều kiện": "yeu_cau_dieu_kien",
    "Điều kiện thực hiện": "yeu_cau_dieu_kien", "Kết quả thực hiện": "ket_qua_xu_ly", "Kết quả": "ket_qua_xu_ly",
    "Tên gọi khác": "aliases", "Thời hạn giải quyết": "time_limit", "Phí, lệ phí": "fee", "Lệ phí": "fee",
    "Phí": "fee", "Của địa phương": "local", "Địa phương": "local",
}


class SourceError(ValueError):
    """The whole source cannot be imported (too large, empty, unknown columns, unreadable)."""


@dataclass
class ImportReport:
    """What an import did: the records kept and, per skipped record, its code and the reason."""

    records: list[ProcedureRecord] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def _column_key(title: str) -> str:
    """A column title compared loosely: folded, punctuation-insensitive, single spaces."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(title)).split())


def column_mapping(headers: list[str], extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Header → field for a CSV/XLSX source.

    Raises:
        SourceError: a column is neither a known field nor a known title, or no column
            gives the code or the name.
    """
    known = {_column_key(f): f for f in (*PORTAL_FIELDS, *OFFICE_FIELDS)}
    known.update({_column_key(title): f for title, f in DEFAULT_COLUMNS.items()})
    for title, target in (extra or {}).items():
        if target != IGNORE and target not in PORTAL_FIELDS and target not in OFFICE_FIELDS:
            raise SourceError(f"cột {title!r} được gán cho trường không có: {target!r}")
        known[_column_key(title)] = target
    mapping: dict[str, str] = {}
    unknown: list[str] = []
    for header in headers:
        if not header or not header.strip():
            continue
        target = known.get(_column_key(header))
        if target is None:
            unknown.append(header)
        elif target != IGNORE:
            mapping[header] = target
    if unknown:
        raise SourceError(
            "cột không nhận ra: " + ", ".join(repr(u) for u in unknown)
            + " (hãy đổi tên cột hoặc khai báo bằng --map 'Tên cột=trường'; '-' để bỏ qua cột)"
        )
    fields = set(mapping.values())
    if "ma_thu_tuc" not in fields or "ten_thu_tuc" not in fields:
        raise SourceError("thiếu cột mã thủ tục hoặc tên thủ tục (ví dụ 'Mã thủ tục', 'Tên thủ tục')")
    return mapping


def read_source(path: Path, *, extra_columns: Mapping[str, str] | None = None, max_bytes: int = MAX_IMPORT_BYTES) -> ImportReport:
    """Parse every record of ``path`` (portal JSON lines, CSV or XLSX).

    A record that cannot be parsed is skipped and reported (code, reason); the rest go on.

    Raises:
        SourceError: the file is missing, too large, empty, of an unknown kind, or its
            columns cannot be mapped.
    """
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"không tìm thấy tệp {path}")
    size = path.stat().st_size
    if size > max_bytes:
        raise SourceError(
            f"tệp {path.name} nặng {size / 1024 / 1024:.0f} MB, vượt giới hạn {max_bytes / 1024 / 1024:.0f} MB "
            "cho một lần nhập; hãy tách tệp hoặc kiểm tra lại đúng tệp danh mục"
        )
    name = path.name.lower()
    if name.endswith((".jsonl", ".json", ".jsonl.gz", ".json.gz")):
        rows: Iterator[tuple[str, dict[str, Any] | str]] = _json_rows(path)
    elif name.endswith(".csv"):
        rows = _table_rows(_csv_table(path), extra_columns)
    elif name.endswith(".xlsx"):
        rows = _table_rows(_xlsx_table(path), extra_columns)
    else:
        raise SourceError(f"không đọc được loại tệp {path.suffix!r}: hãy dùng .jsonl(.gz), .csv hoặc .xlsx")
    report = ImportReport()
    seen: set[str] = set()
    for label, row in rows:
        if isinstance(row, str):  # a line that is not JSON: reported, the rest go on
            report.skipped.append((label, row))
            continue
        try:
            record = record_from_row(row)
        except RecordError as exc:
            report.skipped.append((exc.code or label, exc.reason))
            continue
        if record.code in seen:
            report.skipped.append((record.code, "mã thủ tục lặp lại trong cùng tệp (giữ bản ghi đầu)"))
            continue
        seen.add(record.code)
        report.records.append(record)
    if not report.records and not report.skipped:
        raise SourceError(f"tệp {path.name} không có thủ tục nào")
    return report


class RecordError(ValueError):
    """One record cannot be parsed: its code (if any) and why."""

    def __init__(self, code: str | None, reason: str) -> None:
        self.code = code
        self.reason = reason
        super().__init__(f"{code}: {reason}")


def _json_rows(path: Path) -> Iterator[tuple[str, dict[str, Any] | str]]:
    """(label, record or error text) per line of a JSON lines file (gzip or not)."""
    opened = gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")
    inflated = 0
    with opened as handle:
        try:
            for number, raw in enumerate(handle, start=1):
                inflated += len(raw)
                if inflated > MAX_INFLATED_BYTES:
                    raise SourceError(f"tệp {path.name} giải nén vượt {MAX_INFLATED_BYTES // 1024 // 1024} MB")
                line = raw.decode("utf-8", errors="replace").strip()
                if not line:
                    continue
                try:
                    data = json.loads(line)
                except json.JSONDecodeError as exc:
                    code = re.search(r'"ma_thu_tuc"\s*:\s*"([^"]+)"', line)
                    label = code.group(1) if code else f"dòng {number}"
                    yield label, f"dòng {number} không phải JSON hợp lệ ({exc.msg}, cột {exc.colno})"
                    continue
                if not isinstance(data, dict):
                    yield f"dòng {number}", f"dòng {number} không phải một bản ghi (đối tượng JSON)"
                    continue
                yield f"dòng {number}", data
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise SourceError(f"tệp {path.name} bị hỏng hoặc không phải gzip: {exc}") from exc


def _csv_table(path: Path) -> list[list[str]]:
    """The CSV's rows as lists of cells (header first)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"tệp {path.name} không phải văn bản UTF-8 (hãy lưu dạng CSV UTF-8): {exc}") from exc
    if not text.strip():
        raise SourceError(f"tệp {path.name} trống")
    first_line = text.split("\n", 1)[0]
    # The delimiter that splits the header into the most known column titles: a sniffer
    # is fooled by titles with commas ("Phí, lệ phí" in a ";" file).
    known = {_column_key(t) for t in (*PORTAL_FIELDS, *OFFICE_FIELDS, *DEFAULT_COLUMNS)}
    delimiter = max(",;\t", key=lambda d: (sum(_column_key(c) in known for c in next(csv.reader([first_line], delimiter=d))), d == ","))
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _xlsx_table(path: Path) -> list[list[str]]:
    """The first sheet's rows as lists of cell texts (header first)."""
    from openpyxl import load_workbook  # only an XLSX import needs it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise SourceError(f"tệp {path.name} không phải tệp Excel .xlsx đọc được: {exc}") from exc
    try:
        sheet = book.worksheets[0]
        return [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _table_rows(table: list[list[str]], extra: Mapping[str, str] | None) -> Iterator[tuple[str, dict[str, Any] | str]]:
    """(label, record dict) per data row of a header-first table."""
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        raise SourceError("tệp trống (không có dòng tiêu đề)")
    headers = [cell.strip() for cell in table[0]]
    mapping = column_mapping(headers, extra)
    for number, row in enumerate(table[1:], start=2):
        record: dict[str, Any] = {}
        for header, cell in zip(headers, row):
            target = mapping.get(header)
            if target and cell.strip():
                record[target] = cell.strip()
        if record:
            yield f"dòng {number}", record


def _text(value: Any) -> str | None:
    """A cell as normalised text; None when empty or "Không có thông tin"."""
    raw = _raw(value)
    return normalize(raw) if raw else None


def _raw(value: Any) -> str | None:
    """A cell in NFC only; None when empty or "Không có thông tin".

    Why not `normalize` for tables: cells run together ("nộpThời gian") form one word whose
    tone mark `normalize` would move; the parsed cells are normalised one by one instead.
    """
    if value is None:
        return None
    text = nfc(str(value)).strip()
    return None if not text or text == NO_INFO else text


def _normalized(items: list[Any]) -> list[Any]:
    """Parsed table rows with every text cell normalised (tone placement, NFC)."""
    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return normalize(value)
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        return value

    return [type(item).model_validate(clean(item.model_dump())) for item in items]


def record_from_row(row: Mapping[str, Any]) -> ProcedureRecord:
    """One source record (portal field names, office extras allowed) as a `ProcedureRecord`.

    Raises:
        RecordError: no code or name, or a table that cannot be parsed.
    """
    code = _text(row.get("ma_thu_tuc"))
    name = _text(row.get("ten_thu_tuc"))
    if not code:
        raise RecordError(None, "thiếu mã thủ tục (ma_thu_tuc)")
    if not name:
        raise RecordError(code, "thiếu tên thủ tục (ten_thu_tuc)")
    try:
        ways = _normalized(_ways(row))
        documents = _normalized(_documents(_raw(row.get("thanh_phan_ho_so"))))
        legal = _normalized(_legal(_raw(row.get("can_cu_phap_ly"))))
    except TableError as exc:
        raise RecordError(code, f"bảng không đọc được: {exc}") from exc
    url = _text(row.get("detail_url"))
    aliases = [a.strip() for a in re.split(r"[|;\n]", _text(row.get("aliases")) or "") if a.strip()]
    local = str(row.get("local", "")).strip().lower() in {"1", "true", "x", "có", "co", "yes"}
    try:
        return ProcedureRecord(
            code=code,
            name=name,
            url=url if url and url.startswith(("http://", "https://")) else None,
            level=_text(row.get("cap_thuc_hien")),
            kind=_text(row.get("loai_thu_tuc")),
            field=_text(row.get("linh_vuc")),
            ministry=_text(row.get("_source_folder")),
            decision=_text(row.get("so_quyet_dinh")),
            applicants=_text(row.get("doi_tuong_thuc_hien")),
            agency=_text(row.get("co_quan_thuc_hien")) or _text(row.get("co_quan_co_tham_quyen")),
            competent_agency=_text(row.get("co_quan_co_tham_quyen")),
            address=_text(row.get("dia_chi_tiep_nhan")),
            ways=ways,
            documents=documents,
            legal_basis=legal,
            result=[normalize(r) for r in parse_result(_raw(row.get("ket_qua_xu_ly")))],
            conditions=_text(row.get("yeu_cau_dieu_kien")),
            steps=_text(row.get("trinh_tu_thuc_hien")),
            aliases=aliases,
            local=local,
        )
    except ValidationError as exc:
        raise RecordError(code, f"giá trị không hợp lệ: {exc.errors()[0]['msg']}") from exc


def _ways(row: Mapping[str, Any]) -> list[Way]:
    """The ways table (portal form, or one way per line in an office's cell), with the office's
    time/fee columns applied to every way that lacks its own."""
    text = _raw(row.get("cach_thuc_thuc_hien"))
    time_limit, fee = _text(row.get("time_limit")), _text(row.get("fee"))
    if text is None:
        ways = []
    elif text.startswith("Hình thức nộp") or re.match(r"(Trực tiếp|Trực tuyến|Dịch vụ bưu chính)\S", text):
        ways = parse_ways(text)
    else:
        ways = [Way(channel=line.strip(" -•")) for line in text.splitlines() if line.strip(" -•")]
    if not (time_limit or fee):
        return ways
    if not ways:
        return [Way(channel="Tất cả các hình thức", time_limit=time_limit, fee=fee)]
    return [w.model_copy(update={"time_limit": w.time_limit or time_limit, "fee": w.fee or fee}) for w in ways]


def _documents(text: str | None) -> list[DocumentGroup]:
    """The documents table (portal form, or one document per line)."""
    if text is None:
        return []
    if "Tên giấy tờ" in text:
        return parse_documents(text)
    items = [DocumentItem(name=line.strip(" -•+")) for line in text.splitlines() if line.strip(" -•+")]
    return [DocumentGroup(items=items)] if items else []


def _legal(text: str | None) -> list[LegalRef]:
    """The legal basis (portal form, or one document per line: title then its number)."""
    if text is None:
        return []
    if text.startswith("Tên văn bản"):
        return parse_legal_basis(text)
    refs = []
    for line in (part.strip(" -•") for part in text.splitlines()):
        if not line:
            continue
        number = re.search(r"\d{1,4}(?:/\d{4})?/[A-ZĐ][A-ZĐ0-9-]*", line)
        refs.append(LegalRef(title=line, number=number.group(0) if number else None))
    return refs
