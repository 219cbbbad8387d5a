"""Parsing the national portal's flattened tables back into rows.

The portal's crawler copied each HTML table as text with the cells run together and no
separator ("Trực tuyến5 Ngày làm việc10 USD(/lần)Dịch vụ bưu chính..."). The cells have
recognisable shapes, so each table is read back with the shape of its cells:

- ways (`parse_ways`): a row starts with a way name glued to a time or a fee; the time is
  a number with an optional unit, the fee one of a few written styles, then an optional
  parenthesised note and a free description up to the next row;
- documents (`parse_documents`): groups open with the header "Tên giấy tờMẫu đơn, tờ
  khaiSố lượng", the text before a header is the group's case; a row ends with its count
  ("1 bản chính", "0 bản chính,1 bản sao"), a form file name ("Mẫu 01.docx") may precede it;
- legal basis (`parse_legal_basis`): title then number ("23/2023/QH15");
- result (`parse_result`): names each followed by "Mã: KQ...", page residue dropped.

Every function raises `TableError` on text it cannot read, so the importer can report the
record by code and skip it rather than import a garbled row.
"""

from __future__ import annotations

import re

from indexer.procedure_records import DocumentGroup, DocumentItem, LegalRef, Way

WAYS_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
DOCUMENTS_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
LEGAL_HEADER = "Tên văn bản pháp lýMã văn bản"
# What the portal writes in an empty cell.
NO_INFO = "Không có thông tin"


class TableError(ValueError):
    """A flattened table whose cells cannot be told apart."""


_WAY = r"(?P<way>Trực tiếp|Trực tuyến|Dịch vụ bưu chính)"
_UNIT = r"(?:Ngày làm việc|ngày làm việc|Ngày|ngày|Giờ|giờ|Tháng|tháng|Năm|năm|Phút|phút|Tuần|tuần)"
# Fee cell styles seen in the records: "Miễn phí", "Không có thông tin", "Lệ phí : 50.000
# Đồng", "Phí : 100.000 Đồng", "10,000 Việt Nam Đồng", "10 USD(/lần)", "200.000 VNĐ".
_MONEY = r"[\d][\d.,]*\s*(?:Việt Nam Đồng|VNĐ|VND|Đồng|đồng|USD|EUR)"
_FEE = rf"(?:Miễn phí|{NO_INFO}|(?:(?:Lệ phí|Phí)\s*:\s*{_MONEY}\s*)+|{_MONEY})"
# A row: way, then (time)? then fee; or way then a time alone (some rows have no fee cell).
# The way cell is glued to the next cell; "- Trực tiếp: nộp tại ..." in a description is not.
_ROW_START = re.compile(rf"{_WAY}(?=[^\s:;,.()\-–/])")
# A time cell written in words ("Không quy định", "Không phải trả kết quả ...") is at most
# this long before the fee cell; longer text is a description, not a cell.
_MAX_WORDED_TIME = 120
_TIME = re.compile(rf"(?P<time>\d+(?:[.,]\d+)?(?:\s*{_UNIT})?)")
_FEE_RE = re.compile(_FEE)


def parse_ways(text: str | None) -> list[Way]:
    """The rows of ``cach_thuc_thuc_hien``: one `Way` per way of submitting (and per case).

    Raises:
        TableError: the header is missing, or a row has neither a time nor a fee.
    """
    body = _strip_header(text, WAYS_HEADER)
    if body is None:
        return []
    starts = [m.start() for m in _ROW_START.finditer(body)]
    if not starts:
        raise TableError("no row (Trực tiếp / Trực tuyến / Dịch vụ bưu chính) in the ways table")
    if body[: starts[0]].strip():
        raise TableError(f"text before the first way: {body[: starts[0]][:40]!r}")
    ways: list[Way] = []
    for start, end in zip(starts, [*starts[1:], len(body)]):
        ways.append(_parse_way_row(body[start:end]))
    return ways


def _parse_way_row(row: str) -> Way:
    """One row: way name, time (optional), fee, "(note)" (optional), description."""
    way = _ROW_START.match(row)
    assert way is not None  # rows are cut at _ROW_START matches
    rest = row[way.end() :]
    time_limit: str | None = None
    if rest.startswith(NO_INFO) and _FEE_RE.match(rest, len(NO_INFO)):
        # An empty time cell, then the fee: "Trực tuyếnKhông có thông tin50,000 Việt Nam Đồng".
        rest = rest[len(NO_INFO) :]
        fee_match = _FEE_RE.match(rest)
    else:
        fee_match = _FEE_RE.match(rest)
        if fee_match is None or not _is_fee_not_time(rest, fee_match):
            time_match = _TIME.match(rest)
            if time_match is not None:
                time_limit = " ".join(time_match.group("time").split())
                rest = rest[time_match.end() :]
            else:
                worded = _FEE_RE.search(rest, 0, _MAX_WORDED_TIME + 60)
                if worded is None or worded.start() == 0 or worded.start() > _MAX_WORDED_TIME:
                    raise TableError(f"row {row[:40]!r}: no time or fee cell")
                time_limit = " ".join(rest[: worded.start()].split())
                rest = rest[worded.start() :]
            fee_match = _FEE_RE.match(rest)
    fee: str | None = None
    if fee_match is not None:
        fee = " ".join(fee_match.group(0).split())
        rest = rest[fee_match.end() :]
    note, rest = _leading_parenthesis(rest)
    description = rest.strip() or None
    if fee == NO_INFO:
        fee = None
    return Way(channel=way.group("way"), time_limit=time_limit, fee=fee, fee_note=note, description=description)


def _is_fee_not_time(rest: str, fee_match: re.Match[str]) -> bool:
    """Whether a leading number is the fee cell (no time cell) rather than the time.

    "10 USD" or "200.000 VNĐ" right after the way is a fee; "5 Ngày làm việc..." is a time.
    A number glued to a money unit is a fee only when no time unit follows the number.
    """
    text = fee_match.group(0)
    if not text[:1].isdigit():
        return True
    return _TIME.match(rest) is None or not re.match(rf"\d+(?:[.,]\d+)?\s*{_UNIT}", rest)


def _leading_parenthesis(text: str) -> tuple[str | None, str]:
    """Split a leading balanced "( ... )" off ``text``: (inside, rest); (None, text) if none."""
    if not text.startswith("("):
        return None, text
    depth = 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            inside = text[1:index].strip()
            return (inside or None), text[index + 1 :]
    return text[1:].strip() or None, ""  # unbalanced: the note runs to the end


_COUNT = re.compile(r"(?P<count>(?:\d+ bản (?:chính|sao))(?:,\s*\d+ bản (?:chính|sao))*)")
_FORM_FILE = re.compile(r"\.(?:docx?|pdf|xlsx?|rtf|odt|zip|rar|jpe?g|png)$", re.IGNORECASE)


def parse_documents(text: str | None) -> list[DocumentGroup]:
    """The groups of ``thanh_phan_ho_so``: (case, rows of name / form / count).

    A last row without a count cell is kept with ``count=None`` (a missing cell, not a
    reason to lose the procedure).
    """
    if text is None:
        return []
    text = text.strip()
    if not text or text == NO_INFO or DOCUMENTS_HEADER not in text:
        return []
    pieces = text.split(DOCUMENTS_HEADER)
    groups: list[DocumentGroup] = []
    case = _case_title(pieces[0])
    for index, piece in enumerate(pieces[1:], start=1):
        # The text after a group's last row, if it is not a row, is the next group's case.
        rows, trailing = _document_rows(piece)
        last = index == len(pieces) - 1
        if trailing and last:  # a last row without its count cell (the portal cut it off)
            rows.append(DocumentItem(name=trailing, count=None))
            trailing = ""
        groups.append(DocumentGroup(case=case, items=rows))
        case = _case_title(trailing)
    return [g for g in groups if g.items]


def _case_title(text: str) -> str | None:
    """The case heading before a group ("--" when the portal has none)."""
    text = text.strip().strip("-").strip()
    return text or None


def _document_rows(piece: str) -> tuple[list[DocumentItem], str]:
    """Rows of one group (each ending in a count) and the text after the last count."""
    rows: list[DocumentItem] = []
    position = 0
    for match in _COUNT.finditer(piece):
        cell = piece[position : match.start()].strip()
        position = match.end()
        if not cell:
            continue
        name, form = _split_form(cell)
        rows.append(DocumentItem(name=name, form=form, count=match.group("count")))
    return rows, piece[position:].strip()


def _split_form(cell: str) -> tuple[str, str | None]:
    """Split "document name" + "form file name" run together ("...(Mẫu NA9).10-Mẫu NA9.doc").

    The form cell ends in a file extension. Where it starts is read from the junction: a
    punctuation mark or a lower-case letter glued to the next cell's first character
    (no space), or the form's own title repeated at the end of the name.
    """
    if not _FORM_FILE.search(cell):
        return cell, None
    stem = _FORM_FILE.sub("", cell)
    # Positions where a cell could start: a char glued without a space after punctuation,
    # or an upper-case letter / digit glued to a lower-case letter.
    best: int | None = None
    for index in range(len(stem) - 1, 0, -1):
        before, char = stem[index - 1], stem[index]
        glued = before in ").;:,]" and not char.isspace()
        camel = before.islower() and (char.isupper() or char.isdigit())
        if glued or camel:
            best = index
            break
    if best is None:
        words = re.search(r"(?<=\S)(Mẫu|mẫu|Mau|mau|văn bản|Phụ lục|phụ lục|Tờ khai|tờ khai|Đơn|đơn)", stem)
        best = words.start() if words else None
    if best is None or len(cell) - best > 200:
        return cell, None
    name, form = cell[:best].strip(), cell[best:].strip()
    return (name or form), form


# Document numbers: "23/2023/QH15", "68/2013/TT-BCA", "05/2012/NĐ-CP", "1234/QĐ-BTC".
# Suffix parts are capitals; only a National Assembly suffix ends in its two-digit term
# ("QH13", "UBTVQH14"): elsewhere digits start the next number ("NĐ-CP05/2012/NĐ-CP").
_SUFFIX = r"(?:[A-ZĐ]*QH\d{2}|[A-ZĐ]+)"
_NUMBER = re.compile(rf"(?P<num>\d{{1,4}}(?:/\d{{4}})?/{_SUFFIX}(?:-{_SUFFIX})*|\d{{1,4}}/\d{{4}}$)")
_NUMBER_PREFIX = re.compile(r"(?<=\S)((?:Luật|Nghị định|Thông tư liên tịch|Thông tư|Quyết định|Nghị quyết|Pháp lệnh)(?: số)? ?)$")
# Words a title starts with: a number's last capital glued to one of these ("TT-BXDNghị
# định") is the next title's first letter.
_TITLE_WORDS = ("Nghị", "Luật", "Thông", "Quyết", "Quy", "Hướng", "Sửa", "Pháp", "Chỉ", "Văn", "Bộ", "Ban", "Biểu", "Công", "Hiến", "Lệnh", "Danh")


def parse_legal_basis(text: str | None) -> list[LegalRef]:
    """Rows of ``can_cu_phap_ly``: (title, number).

    A number is a number cell when the next cell is glued to it (a letter, a digit or a
    quote follows); a number followed by a space or punctuation is part of a title
    ("Nghị định số 06/2022/NĐ-CP ngày ..."), and so is one repeated right after itself.

    Raises:
        TableError: the table has text but no document number at all.
    """
    body = _strip_header(text, LEGAL_HEADER)
    if body is None:
        return []
    cells: list[tuple[int, int, str]] = []
    for match in _NUMBER.finditer(body):
        start, end, number = match.start(), match.end(), match.group("num")
        following = body[end : end + 12]
        word = next((w for w in _TITLE_WORDS if (number[-1] + following).startswith(w)), None)
        if word and len(number) > 1 and number[-2].isupper():
            number, end = number[:-1], end - 1
            following = body[end : end + 12]
        after = following[:1]
        if after and (after.isspace() or after in ",.;:)]"):
            continue  # a number quoted inside a title
        cells.append((start, end, number))
    # A number glued to a copy of itself: the first one ends the title.
    kept = [c for i, c in enumerate(cells) if not (i + 1 < len(cells) and cells[i + 1][0] == c[1] and cells[i + 1][2] == c[2])]
    if not kept:
        raise TableError(f"no document number in the legal basis: {body[:40]!r}")
    refs: list[LegalRef] = []
    position = 0
    for start, end, number in kept:
        title, number = _year_split(body[position:start], number)
        prefix = _NUMBER_PREFIX.search(title)
        if prefix:  # "Luật Thú yLuật 79/2015/QH13": "Luật " belongs to the number cell
            title, number = title[: prefix.start()], prefix.group(1) + number
        title = " ".join(title.split())
        position = end
        refs.append(LegalRef(title=title or number, number=number))
    tail = " ".join(body[position:].split())
    if tail:
        refs.append(LegalRef(title=tail, number=None))
    return refs


def _year_split(title: str, number: str) -> tuple[str, str]:
    """Give back digits a number took from a title ending in a year ("năm 20" + "1102/2011/QH13")."""
    match = re.search(r"(?:năm\s*|\s)(\d{1,3})$", title)
    if not match:
        return title, number
    take = 4 - len(match.group(1))
    lead, rest = number.split("/", 1)
    if len(lead) <= take:
        return title, number
    return title + lead[:take], f"{lead[take:]}/{rest}"


_RESULT_CODE = re.compile(r"Mã:\s*KQ[\w.]*")
_RESIDUE = ("Từ khóa", "Chọn cơ quan thực hiện", "Mô tả")


def parse_result(text: str | None) -> list[str]:
    """Result names of ``ket_qua_xu_ly`` (each one once), page residue dropped."""
    if not text:
        return []
    for marker in _RESIDUE:
        cut = text.find(marker)
        if cut >= 0 and _RESULT_CODE.search(text[:cut]):
            text = text[:cut]
    parts = [" ".join(p.split()).strip(" .;") for p in _RESULT_CODE.split(text)]
    names = [p for p in parts if p and p != NO_INFO]
    return list(dict.fromkeys(names))


def _strip_header(text: str | None, header: str) -> str | None:
    """The table without its header; None when the cell is empty or "Không có thông tin"."""
    if text is None:
        return None
    text = text.strip()
    if not text or text == NO_INFO:
        return None
    if text.startswith(header):
        text = text[len(header) :].strip()
        return text or None
    return text
