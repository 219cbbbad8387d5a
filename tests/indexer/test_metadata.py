"""Tests for indexer.metadata: header fields, sidecars and front matter."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from seed_helpers import KNOWLEDGE_DIR, SEED_PATHS, seed

from indexer.cleaning import clean_text
from indexer.errors import DocumentReadError
from indexer.metadata import (
    build_meta,
    find_issuer,
    load_sidecar,
    locate_header,
    parse_number,
    parse_place_date,
    sidecar_path,
)
from indexer.models import DocumentMeta
from indexer.parse import parse_file, parse_text


def _extracted(path: Path) -> DocumentMeta:
    """Metadata read from the text alone, ignoring the sidecar."""
    return parse_text(path.read_text(encoding="utf-8"), doc_id="d", path=path.name, sidecar=None).meta


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Số: 18/KH-UBND", "18/KH-UBND"),
        ("Số: /KH-BQL", "/KH-BQL"),
        ("Số:   /KH-SLĐTBXH", "/KH-SLĐTBXH"),
        ("Số 1738/QĐ-UBND", "1738/QĐ-UBND"),
        ("Số: 305/HD-STTTT.", "305/HD-STTTT"),
        ("Ninh Giang, ngày 28 tháng 01 năm 2022", None),
    ],
)
def test_parse_number(line: str, number: str | None) -> None:
    assert parse_number([line]) == number


def test_blank_number_is_not_cited() -> None:
    meta = DocumentMeta(doc_id="d", doc_type="Kế hoạch", number="/KH-BQL", title="Tuyên truyền CCHC năm 2024")
    assert meta.label() == "Kế hoạch “Tuyên truyền CCHC năm 2024”"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Ninh Giang, ngày 28 tháng 01 năm 2022", {"place": "Ninh Giang", "date": "2022-01-28", "date_text": "28/01/2022", "year": 2022}),
        ("Bình Phước, ngày tháng 5 năm 2024", {"place": "Bình Phước", "date_text": "tháng 5/2024", "year": 2024}),
        ("Sóc Trăng, ngày   tháng 02 năm 2024", {"place": "Sóc Trăng", "date_text": "tháng 2/2024", "year": 2024}),
        ("Hà Nội, ngày tháng năm 2023", {"place": "Hà Nội", "date_text": "năm 2023", "year": 2023}),
        ("TP. Hồ Chí Minh, ngày 5 tháng 3 năm 2021", {"place": "TP. Hồ Chí Minh", "date": "2021-03-05", "date_text": "05/03/2021", "year": 2021}),
        ("Huế, ngày 31 tháng 02 năm 2022", {"place": "Huế", "date_text": "tháng 2/2022", "year": 2022}),
        ("Số: 18/KH-UBND", {}),
    ],
)
def test_parse_place_date(line: str, expected: dict[str, Any]) -> None:
    assert parse_place_date(line) == expected


@pytest.mark.parametrize(
    ("type_line", "doc_type"),
    [
        ("KẾ HOẠCH", "Kế hoạch"),
        ("QUYẾT ĐỊNH", "Quyết định"),
        ("NGHỊ QUYẾT", "Nghị quyết"),
        ("CÔNG VĂN", "Công văn"),
        ("THÔNG BÁO", "Thông báo"),
        ("BÁO CÁO", "Báo cáo"),
    ],
)
def test_doc_type_and_title(type_line: str, doc_type: str) -> None:
    lines = ["Số: 12/XX-UBND", type_line, "Về việc tuyên truyền cải cách hành chính", "Căn cứ Luật.", "I. MỤC ĐÍCH"]
    assert locate_header(lines) .__dict__ == {"end": 3, "doc_type": doc_type, "title": "Về việc tuyên truyền cải cách hành chính"}


def test_type_and_title_on_one_line() -> None:
    header = locate_header(["Số: /KH-BQL", "KẾ HOẠCH Tuyên truyền cải cách hành chính năm 2024", "Thực hiện Kế hoạch số 30."])
    assert (header.end, header.doc_type, header.title) == (2, "Kế hoạch", "Tuyên truyền cải cách hành chính năm 2024")


def test_preamble_is_not_a_title() -> None:
    header = locate_header(["KẾ HOẠCH", "Căn cứ Nghị quyết số 76/NQ-CP;", "I. MỤC ĐÍCH"])
    assert (header.end, header.title) == (1, "")


def test_header_without_type_line() -> None:
    lines = ["ỦY BAN NHÂN DÂN HUYỆN X", "Độc lập - Tự do - Hạnh phúc", "Số: 5/TB-UBND", "X, ngày 1 tháng 2 năm 2023", "Nội dung."]
    assert locate_header(lines).end == 4


@pytest.mark.parametrize(
    ("preamble", "tail", "place", "issuer"),
    [
        (["Sở Tài chính xây dựng kế hoạch thực hiện đề án, cụ thể như sau:"], [], None, "Sở Tài chính"),
        (["Để nâng cao hiệu quả; Ủy ban nhân dân huyện ban hành Kế hoạch như sau:"], [], "Ninh Giang", "UBND huyện Ninh Giang"),
        (["Thực hiện Kế hoạch số 96/KH-UBND của UBND tỉnh, Sở Lao động - Thương binh và Xã hội (sau đây viết tắt là Sở) xây dựng Kế hoạch"], [], None, "Sở Lao động - Thương binh và Xã hội"),
        (["Căn cứ Luật."], ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], None, "UBND"),
        (["Căn cứ Luật."], [], None, None),
    ],
)
def test_find_issuer(preamble: list[str], tail: list[str], place: str | None, issuer: str | None) -> None:
    assert find_issuer(preamble, tail, place=place) == issuer


def test_seed_002_extracted_without_sidecar() -> None:
    meta = _extracted(seed("002"))
    assert meta.number == "18/KH-UBND"
    assert (meta.place, meta.date, meta.date_text, meta.year) == ("Ninh Giang", "2022-01-28", "28/01/2022", 2022)
    assert meta.doc_type == "Kế hoạch"
    assert meta.title == "Tuyên truyền thực hiện cải cách hành chính nhà nước năm 2022 trên địa bàn huyện Ninh Giang"
    assert meta.issuer == "UBND huyện Ninh Giang"
    assert meta.label() == "Kế hoạch 18/KH-UBND ngày 28/01/2022 của UBND huyện Ninh Giang"


@pytest.mark.parametrize(
    ("prefix", "number", "date_text", "year", "title"),
    [
        ("000", None, None, None, "Thực hiện đề án Tuyên truyền cải cách hành chính tỉnh Sóc Trăng từ nay đến năm 2030"),
        ("001", "/KH-SLĐTBXH", "tháng 5/2024", 2024, "Thông tin, tuyên truyền cải cách hành chính năm 2024"),
        ("003", "/KH-BQL", "tháng 2/2024", 2024, "Tuyên truyền cải cách hành chính năm 2024"),
    ],
)
def test_seed_extracted_fields(prefix: str, number: str | None, date_text: str | None, year: int | None, title: str) -> None:
    meta = _extracted(seed(prefix))
    assert (meta.number, meta.date, meta.date_text, meta.year, meta.title) == (number, None, date_text, year, title)


def test_every_seed_has_a_sidecar(seed_path: Path) -> None:
    sidecar = load_sidecar(seed_path)
    assert sidecar is not None
    meta = parse_file(seed_path, KNOWLEDGE_DIR).meta
    assert meta.doc_type == "Kế hoạch"
    assert meta.issuer and meta.province and meta.year and meta.title
    assert meta.issuer in meta.label()
    assert meta.doc_id == "plans/" + seed_path.stem
    assert meta.path == f"plans/{seed_path.name}"
    assert len(meta.source_hash) == 64


def test_sidecar_overrides_extracted(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    document = plans / "plan.txt"
    shutil.copy(seed("002"), document)
    sidecar_path(document).write_text(
        "title: Tên do quản trị viên đặt\ndate: 2022-01-29\nnumber: 19\nunknown_key: x\n", encoding="utf-8"
    )
    meta = parse_file(document, tmp_path).meta
    assert meta.title == "Tên do quản trị viên đặt"
    assert meta.date == "2022-01-29"  # a YAML date becomes an ISO string
    assert meta.number == "19"
    assert meta.place == "Ninh Giang"  # not overridden: still read from the header
    assert meta.doc_id == "plans/plan"


def test_front_matter_then_sidecar_precedence() -> None:
    text = "---\ntitle: Từ front matter\nissuer: Sở Nội vụ\n---\n# Tiêu đề H1\n\nNội dung.\n"
    meta = parse_text(text, doc_id="n", path="n.md", sidecar={"issuer": "Bộ Nội vụ"}).meta
    assert (meta.title, meta.issuer) == ("Từ front matter", "Bộ Nội vụ")


@pytest.mark.parametrize(
    ("content", "reason"),
    [("title: [unclosed", "invalid YAML"), ("- a\n- b\n", "must be a YAML mapping"), ("year: không rõ\n", "invalid metadata")],
)
def test_bad_sidecar(tmp_path: Path, content: str, reason: str) -> None:
    document = tmp_path / "plan.txt"
    document.write_text("I. MỤC ĐÍCH\n\nNội dung.\n", encoding="utf-8")
    sidecar_path(document).write_text(content, encoding="utf-8")
    with pytest.raises(DocumentReadError, match=reason):
        parse_file(document, tmp_path)


def test_sidecar_path() -> None:
    assert sidecar_path(Path("plans/002_x.txt")) == Path("plans/002_x.meta.yaml")
    assert load_sidecar(Path("/nonexistent/plan.txt")) is None


def test_build_meta_never_overrides_identity() -> None:
    meta = build_meta(doc_id="a", path="a.txt", extracted={}, overrides=[{"doc_id": "b", "path": "b.txt"}], source_hash="h")
    assert (meta.doc_id, meta.path, meta.source_hash) == ("a", "a.txt", "h")


def test_file_outside_knowledge_dir(tmp_path: Path) -> None:
    with pytest.raises(DocumentReadError, match="outside the knowledge directory"):
        parse_file(SEED_PATHS[0], tmp_path)


def test_tail_signature_does_not_leak_into_title() -> None:
    cleaned = clean_text(seed("002").read_text(encoding="utf-8"))
    assert "TM. ỦY BAN NHÂN DÂN" in cleaned.tail


def test_label_shows_the_year_when_the_day_is_unknown() -> None:
    from indexer.models import DocumentMeta

    meta = DocumentMeta(doc_id="x", doc_type="Kế hoạch", title="Tuyên truyền CCHC", issuer="Sở Tài chính", year=2022)
    assert meta.label() == "Kế hoạch “Tuyên truyền CCHC” năm 2022 của Sở Tài chính"
    dated = meta.model_copy(update={"number": "18/KH-UBND", "date_text": "28/01/2022"})
    assert dated.label() == "Kế hoạch 18/KH-UBND ngày 28/01/2022 của Sở Tài chính"
