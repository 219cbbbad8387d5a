"""Imported procedure records: the structured form of a national portal record or an office row.

Why a model of its own beside `indexer.procedures.Procedure`: a portal record has more
structure than a checked catalogue entry (time and fee per way of submitting, documents in
groups per case, legal basis as title + number, conditions, steps, a portal address) and
the importer keeps all of it. The imported file (``*.records.jsonl.gz`` or
``*.records.jsonl`` under ``knowledge/procedures/``) is written by ``cchc procedures import``
and read by the bot; `ProcedureRecord.to_procedure` gives the flat view the existing
catalogue answerer understands.

The file format is one JSON object per line, keys sorted, records sorted by code, gzip
with a zero timestamp: importing the same source twice writes the same bytes.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from indexer.errors import CatalogueError

RECORDS_SUFFIXES: tuple[str, ...] = (".records.jsonl.gz", ".records.jsonl")
# Ways of submitting as the portal names them, in the order answers list them.
WAY_NAMES: tuple[str, ...] = ("Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính")


class Way(BaseModel):
    """One row of the portal's "Cách thức thực hiện" table: a way of submitting."""

    model_config = ConfigDict(frozen=True)

    channel: str = Field(description="Trực tiếp, Trực tuyến or Dịch vụ bưu chính (or an office's own wording).")
    time_limit: str | None = Field(default=None, description="As written: '5 Ngày làm việc', '02 Giờ'.")
    fee: str | None = Field(default=None, description="As written: 'Miễn phí', 'Lệ phí : 50.000 Đồng'; None when unknown.")
    fee_note: str | None = Field(default=None, description="The parenthesised detail after the fee cell.")
    description: str | None = None


class DocumentItem(BaseModel):
    """One document of a dossier: name, form (template file) if any, count as written."""

    model_config = ConfigDict(frozen=True)

    name: str
    form: str | None = None
    count: str | None = Field(default=None, description="'1 bản chính', '0 bản chính,1 bản sao'.")


class DocumentGroup(BaseModel):
    """Documents of one case ("Trường hợp ..."); ``case`` is None for the only/general group."""

    model_config = ConfigDict(frozen=True)

    case: str | None = None
    items: list[DocumentItem] = Field(default_factory=list)


class LegalRef(BaseModel):
    """One legal basis row: the document's title and its number ("23/2023/QH15")."""

    model_config = ConfigDict(frozen=True)

    title: str
    number: str | None = None

    def display(self) -> str:
        """"Title (number)", or the title alone when it already contains the number."""
        if not self.number or self.number in self.title:
            return self.title
        return f"{self.title} ({self.number})"


class ProcedureRecord(BaseModel):
    """A procedure as published on the national portal (or exported by an office), parsed.

    Text fields are None when the source left them empty or wrote "Không có thông tin":
    an answer must then say the field is missing instead of guessing.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(min_length=1, description="Mã thủ tục, e.g. '1.004222'.")
    name: str = Field(min_length=1)
    url: str | None = Field(default=None, description="The portal page (detail_url).")
    level: str | None = Field(default=None, description="Cấp thực hiện: 'Cấp bộ', 'Cấp tỉnh, Cấp xã'.")
    kind: str | None = None
    field: str | None = Field(default=None, description="Lĩnh vực.")
    ministry: str | None = Field(default=None, description="Source folder / ministry slug ('bo-cong-an').")
    decision: str | None = Field(default=None, description="Số quyết định công bố.")
    applicants: str | None = Field(default=None, description="Đối tượng thực hiện.")
    agency: str | None = Field(default=None, description="Cơ quan thực hiện.")
    competent_agency: str | None = None
    address: str | None = Field(default=None, description="Địa chỉ tiếp nhận.")
    ways: list[Way] = Field(default_factory=list)
    documents: list[DocumentGroup] = Field(default_factory=list)
    legal_basis: list[LegalRef] = Field(default_factory=list)
    result: list[str] = Field(default_factory=list)
    conditions: str | None = None
    steps: str | None = None
    aliases: list[str] = Field(default_factory=list, description="Citizens' wording (office exports may give it).")
    local: bool = Field(default=False, description="An office's own record: wins over a national one with the same code.")


def is_records_file(path: Path) -> bool:
    """Whether ``path`` is an imported records file (by its double suffix)."""
    return path.name.lower().endswith(RECORDS_SUFFIXES)


def find_records_files(procedures_dir: Path) -> list[Path]:
    """Every imported records file under ``procedures_dir`` (any depth, hidden folders skipped), sorted."""
    if not procedures_dir.is_dir():
        return []
    return sorted(
        p
        for p in procedures_dir.rglob("*")
        if p.is_file() and is_records_file(p) and not any(part.startswith(".") for part in p.relative_to(procedures_dir).parts)
    )


def dump_records(records: Iterable[ProcedureRecord]) -> bytes:
    """The records file's bytes: JSON lines sorted by code, keys sorted (deterministic)."""
    lines = [
        json.dumps(r.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False, sort_keys=True)
        for r in sorted(records, key=lambda r: r.code)
    ]
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def write_records(path: Path, records: Iterable[ProcedureRecord]) -> bool:
    """Write ``records`` to ``path`` (gzip when it ends in .gz), atomically; False if unchanged.

    Why compare first: re-importing the same source must change nothing, not even the
    file's modification time (the index build keys its cache on file contents anyway).
    """
    data = dump_records(records)
    if path.name.endswith(".gz"):
        buffer = io.BytesIO()
        # mtime=0 and no file name in the header: the same records give the same bytes.
        with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as out:
            out.write(data)
        data = buffer.getvalue()
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


def read_records(path: Path) -> list[ProcedureRecord]:
    """Read an imported records file.

    Raises:
        CatalogueError: unreadable file or an invalid line (the message names the line).
    """
    try:
        raw = path.read_bytes()
        text = (gzip.decompress(raw) if path.name.endswith(".gz") else raw).decode("utf-8")
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError) as exc:
        raise CatalogueError(path, f"cannot read the records file: {exc}") from exc
    records: list[ProcedureRecord] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(ProcedureRecord.model_validate_json(line))
        except ValidationError as exc:
            raise CatalogueError(path, f"invalid record: {exc.errors()[0]['msg']}", entry=f"line {number}") from exc
    return records
