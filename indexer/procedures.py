"""Procedure catalogues: structured entries (body, ways, documents, time limit, fee...) → chunks.

Why structured data and not one more Markdown note: a citizen asks for one field ("mất bao
lâu", "lệ phí bao nhiêu") of one procedure, and an office maintains a table of its own
procedures. Keeping the fields apart lets the bot answer field by field (``bot.procedures``)
and say plainly when a field was never checked, while the chunks built here make the same
entries searchable by the normal retriever.

File formats (both under ``knowledge/procedures/``):

- YAML: a list of entries, or a mapping ``{title, issuer, procedures: [entries]}`` when the
  catalogue should carry its own title in citations.
- CSV: one row per entry, a header row with the field names below, UTF-8 (Excel's BOM is
  accepted), delimiter ``,`` ``;`` or tab (sniffed). List fields hold their items separated
  by ``" | "``. An empty cell means "not checked" (the field is left out).

Fields: ``id`` and ``name`` required; ``aliases``, ``ways``, ``documents``, ``legal_basis``,
``sources`` are lists; ``body``, ``time_limit``, ``fee``, ``notes`` are text; ``as_of`` an
ISO date. Unknown fields are refused (a misspelt "fees" column would otherwise silently
read as "not checked").
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from indexer.errors import CatalogueError, DocumentReadError
from indexer.models import Chunk, DocumentMeta, ParsedDocument
from indexer.textnorm import normalize

CATALOGUE_DIR = "procedures"
CATALOGUE_EXTENSIONS: frozenset[str] = frozenset({".yaml", ".yml", ".csv"})
DOC_TYPE = "Danh mục thủ tục hành chính"
DEFAULT_TITLE = "Thủ tục hành chính thường gặp"
# Separator of list items inside one CSV cell: " | " rarely occurs in procedure text,
# whereas "," and ";" do (lists of documents, article numbers).
CSV_LIST_SEPARATOR = " | "

LIST_FIELDS: tuple[str, ...] = ("aliases", "ways", "documents", "legal_basis", "sources", "portal_codes")
# The answerable fields, in the order an answer lists them, with their Vietnamese labels.
# The chunk text and the bot's answer use the same labels, so a retrieved chunk and a
# matched answer read alike.
FIELD_LABELS: dict[str, str] = {
    "body": "Cơ quan giải quyết",
    "ways": "Cách thức nộp",
    "documents": "Thành phần hồ sơ",
    "time_limit": "Thời hạn giải quyết",
    "fee": "Lệ phí",
    "legal_basis": "Căn cứ pháp lý",
}
# What a missing field says, in a chunk and in an answer: the catalogue rule is "leave out
# what was not checked", and the reader must see that rather than nothing.
MISSING_TEXT = "Danh mục chưa có thông tin đã kiểm chứng"
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Procedure(BaseModel):
    """One administrative procedure as an office documents it.

    Optional fields are ``None`` (or empty lists) when the catalogue left them out because
    they were not checked; answers must then say so instead of guessing.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: str = Field(description="Short unique id: lower-case ASCII words joined by '-'.")
    name: str = Field(min_length=1, description="Official procedure name.")
    aliases: list[str] = Field(default_factory=list, description="How citizens phrase it.")
    body: str | None = None
    ways: list[str] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)
    time_limit: str | None = None
    fee: str | None = None
    legal_basis: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    as_of: dt.date | None = None
    notes: str | None = None
    # The national portal's codes (ma_thu_tuc) this checked entry stands for: those
    # imported records are then answered by this entry (see bot.procedures.catalogue).
    portal_codes: list[str] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        if not _ID_RE.match(value):
            raise ValueError(f"id {value!r} must be lower-case ASCII letters/digits joined by '-' (e.g. 'dang-ky-khai-sinh')")
        return value

    @field_validator("name", "body", "time_limit", "fee", "notes", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        """Normalise text like the indexer does; blank means "not checked"."""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            value = normalize(value.strip())
            return value or None
        return value

    @field_validator(*LIST_FIELDS, mode="before")
    @classmethod
    def _list(cls, value: Any) -> Any:
        """Accept a single string for a list field (a one-item list is a common YAML slip)."""
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list):
            items = [normalize(str(item).strip()) for item in value if item is not None]
            return [item for item in items if item]
        return value

    def value(self, field: str) -> str | None:
        """A field as display text (lists joined with "; "), or None when not checked.

        Args:
            field: One of `FIELD_LABELS`.

        Returns:
            The text, or None if the catalogue left the field out.
        """
        raw: object = getattr(self, field)
        if isinstance(raw, list):
            return "; ".join(raw) or None
        return raw if isinstance(raw, str) else None


class _CatalogueHeader(BaseModel):
    """Optional catalogue-level identity (YAML mapping form only)."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    issuer: str | None = None
    procedures: list[Any] = Field(default_factory=list)


def find_catalogues(knowledge_dir: Path) -> list[Path]:
    """Every catalogue file under ``<knowledge_dir>/procedures/``, sorted.

    Hidden files, READMEs and ``*.meta.yaml`` sidecars are not catalogues.

    Args:
        knowledge_dir: Root of the knowledge base.

    Returns:
        ``*.yaml``, ``*.yml`` and ``*.csv`` files (any depth), or ``[]`` if there is no
        procedures directory.
    """
    root = Path(knowledge_dir) / CATALOGUE_DIR
    if not root.is_dir():
        return []
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and p.suffix.lower() in CATALOGUE_EXTENSIONS
        and not p.name.lower().endswith(".meta.yaml")
        and not p.name.lower().startswith("readme")
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def load_catalogue(path: Path) -> list[Procedure]:
    """Read and validate one catalogue file (YAML or CSV).

    Args:
        path: A ``.yaml``/``.yml``/``.csv`` catalogue.

    Returns:
        Its procedures, in file order.

    Raises:
        CatalogueError: unreadable file, wrong shape, an invalid entry (the message names
            the file and the entry id) or a duplicated id.
    """
    return _read_catalogue(Path(path))[1]


def _read_catalogue(path: Path) -> tuple[_CatalogueHeader, list[Procedure]]:
    """The catalogue's header (title, issuer) and validated entries."""
    suffix = path.suffix.lower()
    if suffix not in CATALOGUE_EXTENSIONS:
        raise CatalogueError(path, f"unsupported extension {suffix!r}; a catalogue is .yaml, .yml or .csv")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(path, f"cannot read as UTF-8 text: {exc}") from exc
    if suffix == ".csv":
        rows, header = _csv_rows(text, path), _CatalogueHeader()
    else:
        header, rows = _yaml_rows(text, path)
    if not rows:
        raise CatalogueError(path, "no procedures in the catalogue")
    procedures: list[Procedure] = []
    seen: dict[str, str] = {}
    for position, row in enumerate(rows, start=1):
        entry = _entry_label(row, position)
        if not isinstance(row, dict):
            raise CatalogueError(path, f"expected a mapping of field: value, got {type(row).__name__}", entry=entry)
        try:
            procedure = Procedure.model_validate(row)
        except ValidationError as exc:
            raise CatalogueError(path, _explain(exc), entry=entry) from exc
        if procedure.id in seen:
            raise CatalogueError(path, f"duplicate id (already used by entry {seen[procedure.id]})", entry=entry)
        seen[procedure.id] = f"#{position}"
        procedures.append(procedure)
    return header, procedures


def _yaml_rows(text: str, path: Path) -> tuple[_CatalogueHeader, list[Any]]:
    """Entries of a YAML catalogue: a bare list, or a mapping with ``procedures``."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CatalogueError(path, f"invalid YAML: {exc}") from exc
    if isinstance(data, list):
        return _CatalogueHeader(), data
    if isinstance(data, dict):
        try:
            header = _CatalogueHeader.model_validate(data)
        except ValidationError as exc:
            raise CatalogueError(path, f"catalogue mapping allows only title, issuer, procedures: {_explain(exc)}") from exc
        return header, header.procedures
    found = "nothing" if data is None else type(data).__name__
    raise CatalogueError(path, f"expected a YAML list of procedures (or a mapping with 'procedures'), got {found}")


def _csv_rows(text: str, path: Path) -> list[dict[str, Any]]:
    """Rows of a CSV catalogue; empty cells dropped, list cells split on `CSV_LIST_SEPARATOR`."""
    first_line = text.split("\n", 1)[0]
    try:
        dialect: Any = csv.Sniffer().sniff(first_line, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if not reader.fieldnames or "id" not in [f.strip() for f in reader.fieldnames]:
        raise CatalogueError(path, f"CSV header must name the fields (id, name, ...); found {reader.fieldnames}")
    rows: list[dict[str, Any]] = []
    for record in reader:
        row: dict[str, Any] = {}
        for key, cell in record.items():
            if key is None:  # more cells than header columns
                raise CatalogueError(path, "a row has more cells than the header", entry=_entry_label(record, len(rows) + 1))
            cell = (cell or "").strip()
            if not cell:
                continue
            name = key.strip()
            row[name] = [item.strip() for item in cell.split(CSV_LIST_SEPARATOR.strip())] if name in LIST_FIELDS else cell
        if row:
            rows.append(row)
    return rows


def _entry_label(row: Any, position: int) -> str:
    """How an error names an entry: its id when it has one, else its position."""
    if isinstance(row, dict) and isinstance(row.get("id"), str) and row["id"].strip():
        return f"{row['id'].strip()!r}"
    return f"#{position}"


def _explain(exc: ValidationError) -> str:
    """A pydantic error as one line: "field 'fee': Input should be a valid string; ..."."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"]) or "entry"
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = f"unknown field (known: {', '.join(Procedure.model_fields)})"
        parts.append(f"field {where!r}: {message}")
    return "; ".join(parts)


# The label of the aliases line of a procedure chunk: citizens' names, never an answer.
ALIASES_LABEL = "Tên gọi khác"


def chunk_text(procedure: Procedure) -> str:
    """The searchable text of one procedure: labelled lines, one per field.

    Aliases come first: they carry the citizens' wording, and e5 reads only the start of a
    long passage. A field left out of the catalogue is still listed, with `MISSING_TEXT`,
    so that a retrieved chunk never suggests a fee or a time limit by its silence.
    """
    lines: list[str] = []
    if procedure.aliases:
        lines.append(f"{ALIASES_LABEL}: {'; '.join(procedure.aliases)}")
    for field, label in FIELD_LABELS.items():
        lines.append(f"{label}: {procedure.value(field) or MISSING_TEXT + '.'}")
    if procedure.notes:
        lines.append(f"Lưu ý: {procedure.notes}")
    return "\n".join(lines)


def procedure_chunks(
    procedures: Sequence[Procedure],
    source_path: Path,
    knowledge_dir: Path,
    *,
    title: str | None = None,
    issuer: str | None = None,
) -> ParsedDocument:
    """One catalogue file as a document: its metadata and one chunk per procedure.

    Args:
        procedures: The file's validated entries.
        source_path: The catalogue file (ids and paths are relative to ``knowledge_dir``).
        knowledge_dir: Root of the knowledge base.
        title: Catalogue title for citations (default `DEFAULT_TITLE`, plus the file name
            when it is not the shipped ``catalogue.*``).
        issuer: Who maintains the catalogue, if stated.

    Returns:
        A `ParsedDocument`: doc_type `DOC_TYPE`, date = newest ``as_of``, sources = every
        entry's sources; chunk ids ``<doc_id>#<procedure id>`` (stable across edits) and
        heading path ``["Thủ tục: <name>"]``.

    Raises:
        DocumentReadError: ``source_path`` is outside ``knowledge_dir``.
    """
    source_path = Path(source_path)
    try:
        relative = source_path.resolve().relative_to(Path(knowledge_dir).resolve())
    except ValueError as exc:
        raise DocumentReadError(source_path, f"file is outside the knowledge directory {knowledge_dir}") from exc
    doc_id = relative.with_suffix("").as_posix()
    dates = [p.as_of for p in procedures if p.as_of]
    newest = max(dates) if dates else None
    source_hash = hashlib.sha256(source_path.read_bytes()).hexdigest() if source_path.is_file() else ""
    meta = DocumentMeta(
        doc_id=doc_id,
        path=relative.as_posix(),
        title=normalize(title) if title else _default_title(source_path),
        doc_type=DOC_TYPE,
        issuer=normalize(issuer) if issuer else None,
        date=newest.isoformat() if newest else None,
        date_text=format_date(newest) if newest else None,
        year=newest.year if newest else None,
        source_hash=source_hash,
        sources=_unique(s for p in procedures for s in p.sources),
    )
    chunks = [
        Chunk(
            chunk_id=procedure_chunk_id(doc_id, p.id),
            doc_id=doc_id,
            heading_path=[f"Thủ tục: {p.name}"],
            section="",
            text=chunk_text(p),
        )
        for p in procedures
    ]
    return ParsedDocument(meta=meta, chunks=chunks)


def procedure_chunk_id(doc_id: str, procedure_id: str) -> str:
    """The chunk id of a catalogue entry in the store; :func:`procedure_id_of` reads it back."""
    return f"{doc_id}#{procedure_id}"


def procedure_id_of(chunk_id: str) -> str:
    """The procedure id in a catalogue entry's chunk id (see :func:`procedure_chunk_id`)."""
    return chunk_id.rpartition("#")[2]


def parse_catalogue(path: Path, knowledge_dir: Path) -> ParsedDocument:
    """Load one catalogue file and turn it into a document; `parse_file`'s twin for the build.

    Raises:
        CatalogueError: The catalogue is invalid (see `load_catalogue`).
    """
    header, procedures = _read_catalogue(Path(path))
    return procedure_chunks(procedures, Path(path), knowledge_dir, title=header.title, issuer=header.issuer)


def read_catalogue(path: Path) -> tuple[str, list[Procedure]]:
    """A catalogue's citation title and its procedures (what the bot's matcher needs).

    Raises:
        CatalogueError: The catalogue is invalid (see `load_catalogue`).
    """
    header, procedures = _read_catalogue(Path(path))
    return (normalize(header.title) if header.title else _default_title(Path(path))), procedures


def _default_title(path: Path) -> str:
    """`DEFAULT_TITLE`, plus the file name for an office's own catalogue (to tell them apart)."""
    return DEFAULT_TITLE if path.stem == "catalogue" else f"{DEFAULT_TITLE} ({path.name})"


def format_date(value: dt.date) -> str:
    """Vietnamese display date: 2025-10-01 → "01/10/2025" (as the plans write dates)."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def _unique(items: Iterable[str]) -> list[str]:
    """Items in first-seen order, without repeats."""
    return list(dict.fromkeys(items))
