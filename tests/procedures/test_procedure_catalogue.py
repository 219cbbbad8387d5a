"""Loading catalogues: YAML, CSV, and errors that name the file and the entry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from indexer.errors import CatalogueError, DocumentReadError
from indexer.procedures import (
    DOC_TYPE,
    FIELD_LABELS,
    MISSING_TEXT,
    Procedure,
    find_catalogues,
    load_catalogue,
    parse_catalogue,
    procedure_chunks,
)
from procedure_helpers import KNOWLEDGE_DIR, SHIPPED_CATALOGUE

CSV_TEXT = (
    "id,name,aliases,body,ways,documents,time_limit,fee,legal_basis,sources,as_of,notes\n"
    'cap-giay-phep-x,Cấp giấy phép X,xin giấy phép X | làm giấy phép X,UBND cấp xã,'
    '"Trực tuyến | Trực tiếp",Đơn đề nghị | Bản sao căn cước,05 ngày làm việc,,'
    "Luật X; Nghị định Y,https://example.gov.vn/x,2025-07-01,\n"
)


def test_shipped_catalogue_loads() -> None:
    procedures = load_catalogue(SHIPPED_CATALOGUE)
    assert len(procedures) == 11
    ids = {p.id for p in procedures}
    assert {"dang-ky-khai-sinh", "dang-ky-ket-hon", "cap-ho-chieu-pho-thong", "cap-phieu-ly-lich-tu-phap"} <= ids
    marriage = next(p for p in procedures if p.id == "dang-ky-ket-hon")
    assert marriage.as_of == dt.date(2025, 10, 1)
    assert marriage.documents and marriage.time_limit
    # Unchecked fields stay empty, never defaulted.
    assert next(p for p in procedures if p.id == "cap-phieu-ly-lich-tu-phap").fee is None


def test_find_catalogues_lists_yaml_yml_csv_only(tmp_path: Path) -> None:
    folder = tmp_path / "procedures"
    (folder / "sub").mkdir(parents=True)
    for name in ["a.yaml", "b.yml", "sub/c.csv", "README.md", "notes.txt", ".hidden.yaml", "x.meta.yaml"]:
        (folder / name).write_text("- id: x\n", encoding="utf-8")
    assert [p.relative_to(folder).as_posix() for p in find_catalogues(tmp_path)] == ["a.yaml", "b.yml", "sub/c.csv"]
    assert find_catalogues(tmp_path / "missing") == []
    assert find_catalogues(KNOWLEDGE_DIR) == [SHIPPED_CATALOGUE]


def test_csv_catalogue_loads_with_list_fields(tmp_path: Path) -> None:
    path = tmp_path / "office.csv"
    path.write_text(CSV_TEXT, encoding="utf-8-sig")  # Excel writes a BOM
    [procedure] = load_catalogue(path)
    assert procedure.aliases == ["xin giấy phép X", "làm giấy phép X"]
    assert procedure.ways == ["Trực tuyến", "Trực tiếp"]
    assert procedure.documents == ["Đơn đề nghị", "Bản sao căn cước"]
    assert procedure.legal_basis == ["Luật X; Nghị định Y"]
    assert procedure.fee is None and procedure.notes is None  # empty cell = not checked
    assert procedure.as_of == dt.date(2025, 7, 1)


def test_csv_semicolon_delimiter_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "office.csv"
    path.write_text("id;name;fee\nthu-tuc-a;Thủ tục A;10.000 đồng\n", encoding="utf-8")
    [procedure] = load_catalogue(path)
    assert (procedure.name, procedure.fee) == ("Thủ tục A", "10.000 đồng")


def test_yaml_mapping_form_carries_title(tmp_path: Path) -> None:
    path = tmp_path / "procedures" / "so-tu-phap.yaml"
    path.parent.mkdir()
    path.write_text(
        "title: Thủ tục của Sở Tư pháp\nissuer: Sở Tư pháp tỉnh A\nprocedures:\n"
        "  - id: thu-tuc-a\n    name: Thủ tục A\n    as_of: 2025-08-01\n",
        encoding="utf-8",
    )
    parsed = parse_catalogue(path, tmp_path)
    assert parsed.meta.title == "Thủ tục của Sở Tư pháp"
    assert parsed.meta.issuer == "Sở Tư pháp tỉnh A"
    assert parsed.meta.doc_id == "procedures/so-tu-phap"


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        ("- id: dang-ky-a\n  name: A\n  fees: 10\n", ["bad.yaml", "'dang-ky-a'", "fees", "unknown field"]),
        ("- id: dang-ky-a\n  name: A\n- id: Dang Ky B\n  name: B\n", ["bad.yaml", "'Dang Ky B'", "lower-case"]),
        ("- id: dang-ky-a\n  name: A\n- name: B\n", ["bad.yaml", "#2", "id"]),
        ("- id: dang-ky-a\n  name: A\n- id: dang-ky-a\n  name: B\n", ["'dang-ky-a'", "duplicate id"]),
        ("- id: dang-ky-a\n  name: A\n  as_of: 01/10/2025\n", ["'dang-ky-a'", "as_of"]),
        ("- id: dang-ky-a\n  name: ''\n", ["'dang-ky-a'", "name"]),
        ("id: dang-ky-a\nname: A\n", ["bad.yaml", "title, issuer, procedures"]),
        ("- [unclosed\n", ["bad.yaml", "invalid YAML"]),
        ("", ["bad.yaml", "got nothing"]),
        ("[]\n", ["bad.yaml", "no procedures"]),
    ],
    ids=["unknown-field", "bad-id", "missing-id", "duplicate", "bad-date", "empty-name", "mapping", "yaml", "empty", "no-entries"],
)
def test_bad_catalogue_names_file_and_entry(tmp_path: Path, text: str, needles: list[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as info:
        load_catalogue(path)
    assert isinstance(info.value, DocumentReadError)  # the build skips it like any bad file
    for needle in needles:
        assert needle in str(info.value)


def test_chunks_have_labelled_fields_and_catalogue_identity() -> None:
    parsed = parse_catalogue(SHIPPED_CATALOGUE, KNOWLEDGE_DIR)
    assert parsed.meta.doc_type == DOC_TYPE
    assert parsed.meta.date == "2025-11-01"  # the newest as_of
    assert parsed.meta.date_text == "01/11/2025"
    assert parsed.meta.sources and all(s.startswith("http") for s in parsed.meta.sources)
    assert len(parsed.chunks) == 11
    chunk = next(c for c in parsed.chunks if c.chunk_id == "procedures/catalogue#dang-ky-ket-hon")
    assert chunk.heading_path == ["Thủ tục: Đăng ký kết hôn"]
    assert chunk.section == ""
    for label in FIELD_LABELS.values():
        assert f"\n{label}: " in chunk.text
    assert "Thời hạn giải quyết: Cấp ngay sau khi nhận đủ giấy tờ" in chunk.text
    lltp = next(c for c in parsed.chunks if c.chunk_id.endswith("#cap-phieu-ly-lich-tu-phap"))
    assert f"Lệ phí: {MISSING_TEXT}." in lltp.text


def test_procedure_chunks_refuses_a_file_outside_the_knowledge_dir(tmp_path: Path) -> None:
    procedure = Procedure(id="a", name="A")
    with pytest.raises(DocumentReadError, match="outside the knowledge directory"):
        procedure_chunks([procedure], tmp_path / "elsewhere.yaml", KNOWLEDGE_DIR)


def test_single_string_for_a_list_field_is_accepted() -> None:
    procedure = Procedure.model_validate({"id": "a", "name": "A", "documents": "Tờ khai"})
    assert procedure.documents == ["Tờ khai"]
    assert procedure.value("documents") == "Tờ khai"
    assert procedure.value("fee") is None
