"""Every procedure the assistant knows, from every catalogue file, one entry per procedure.

Two kinds of source sit under ``knowledge/procedures/``:

- checked catalogues (``*.yaml``, ``*.csv``; `indexer.procedures`): a few hand-checked
  entries with citizens' aliases and a 2025 review;
- imported records (``*.records.jsonl[.gz]``; `indexer.procedure_records`): the national
  portal's 2,641 records and an office's own imports.

Precedence, for one procedure code: an office's local record (``local`` set, or a file
under ``procedures/local/``) replaces the national record with that code. A checked entry
lists the codes it summarises in ``portal_codes``: the national records stay (a question
about one version, "căn cước cho người dưới 14 tuổi", is answered by that version), and
the checked entry wins when it fits as well (see `bot.procedures.resolve`). Among files of
the same kind the later path wins. Checked entries sharing an id keep the newer ``as_of``.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot import messages
from indexer.errors import CatalogueError
from indexer.procedure_records import ProcedureRecord, Way, find_records_files, read_records
from indexer.procedures import CATALOGUE_DIR, DEFAULT_TITLE, Procedure, find_catalogues, read_catalogue

log = logging.getLogger(__name__)

SOURCE_CHECKED = "checked"
SOURCE_NATIONAL = "national"
SOURCE_LOCAL = "local"
LOCAL_DIR = "local"
_MIN_DATE = dt.date.min


@dataclass(frozen=True)
class Entry:
    """One procedure as the resolver and the answer see it, whatever file it came from.

    Attributes:
        id: Stable id: the portal code for records ("1.004222"), the catalogue id for
            checked entries ("dang-ky-khai-sinh").
        name: Official name.
        source: `SOURCE_CHECKED`, `SOURCE_NATIONAL` or `SOURCE_LOCAL`.
        code: The portal code (records; checked entries: their first portal code, if any).
        codes: Every portal code this entry answers for.
        level: Cấp thực hiện, as written ("Cấp tỉnh").
        ministry: Ministry slug of a national record ("bo-cong-an").
        url: The portal page (records) or the first source page (checked entries).
        aliases: Citizens' wording.
        catalogue: Citation title of the file's catalogue.
        record: The imported record (None for checked entries).
        procedure: The checked entry (None for records).
    """

    id: str
    name: str
    source: str
    code: str | None
    codes: tuple[str, ...]
    level: str | None
    ministry: str | None
    url: str | None
    aliases: tuple[str, ...]
    catalogue: str
    record: ProcedureRecord | None = field(default=None, compare=False, repr=False)
    procedure: Procedure | None = field(default=None, compare=False, repr=False)

    @property
    def ministry_name(self) -> str | None:
        """The ministry's Vietnamese name ("Bộ Công an"), if known."""
        return messages.PROCEDURE_MINISTRIES.get(self.ministry or "", None)

    def label(self) -> str:
        """A short label for a choice button: short name + level or ministry.

        Why: versions of one procedure differ mostly by a parenthesised level ("(thực hiện
        tại cấp tỉnh)") or by ministry; the label keeps the name short and says which.
        """
        short = _short_name(self.name)
        where = self.level or self.ministry_name
        return f"{short} ({where})" if where and where.lower() not in short.lower() else short

    def as_procedure(self) -> Procedure:
        """The flat `Procedure` view (the existing answer formatter reads it)."""
        if self.procedure is not None:
            return self.procedure
        assert self.record is not None
        return record_procedure(self.record)


_PAREN_RE = re.compile(r"\s*\([^()]*\)")
_SHORT_NAME_CHARS = 60  # a Telegram/Zalo button shows about this many characters


def _short_name(name: str) -> str:
    """The name without parentheses and a leading "Thủ tục", cut at a word near 60 characters."""
    short = _PAREN_RE.sub("", name).strip(" .;")
    short = re.sub(r"^Thủ tục:?\s+", "", short, flags=re.IGNORECASE)
    short = short[:1].upper() + short[1:]
    if len(short) <= _SHORT_NAME_CHARS:
        return short
    cut = short[:_SHORT_NAME_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-") + "…"


def way_line(way: Way) -> str:
    """One way of submitting as one line: "Trực tuyến: 5 Ngày làm việc; lệ phí: Miễn phí"."""
    detail = [way.time_limit] if way.time_limit else []
    if way.fee:
        detail.append(messages.PROCEDURE_WAY_FEE.format(fee=way.fee))
    return f"{way.channel}: {'; '.join(detail)}" if detail else way.channel


def _procedure_id(code: str) -> str:
    """A portal code as a catalogue id: "1.004222" → "tthc-1-004222"."""
    return "tthc-" + re.sub(r"[^a-z0-9]+", "-", code.lower()).strip("-")


def record_procedure(record: ProcedureRecord) -> Procedure:
    """A record as a flat `Procedure` (what `format_procedure_answer` and the chunk text read)."""
    documents = [
        f"{group.case}: {item.name}" if group.case else item.name
        for group in record.documents
        for item in group.items
    ]
    times = _per_way(record.ways, "time_limit")
    fees = _per_way(record.ways, "fee")
    return Procedure(
        id=_procedure_id(record.code),
        name=record.name,
        aliases=list(record.aliases),
        body=record.agency,
        ways=[way_line(w) for w in record.ways],
        documents=documents,
        time_limit=times,
        fee=fees,
        legal_basis=[ref.display() for ref in record.legal_basis],
        sources=[record.url] if record.url else [],
    )


def _per_way(ways: Sequence[Way], attribute: str) -> str | None:
    """One field over the ways: the single value when all agree, else "way: value" per way."""
    values = [(w.channel, getattr(w, attribute)) for w in ways if getattr(w, attribute)]
    if not values:
        return None
    distinct = list(dict.fromkeys(v for _, v in values))
    if len(distinct) == 1:
        return distinct[0]
    return "; ".join(f"{channel}: {value}" for channel, value in values)


class Catalogue:
    """The entries of a knowledge base's procedure files, precedence applied."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries: list[Entry] = list(entries)
        self.by_id: dict[str, Entry] = {e.id: e for e in self.entries}
        self.by_code: dict[str, Entry] = {code: e for e in self.entries for code in e.codes}

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str) -> Entry | None:
        """The entry with this id, or with this portal code (a remembered follow-up subject)."""
        return self.by_id.get(entry_id) or self.by_code.get(entry_id)

    @classmethod
    def from_procedures(cls, procedures: Sequence[Procedure], catalogues: dict[str, str] | None = None) -> Catalogue:
        """A catalogue of checked entries only (tests, the legacy matcher constructor)."""
        titles = catalogues or {}
        return cls(_checked_entry(p, titles.get(p.id, DEFAULT_TITLE)) for p in procedures)

    @classmethod
    def load(cls, knowledge_dir: Path) -> Catalogue:
        """Every catalogue under ``<knowledge_dir>/procedures/``; a bad file is logged and skipped."""
        root = Path(knowledge_dir) / CATALOGUE_DIR
        checked: dict[str, tuple[Procedure, str]] = {}
        for path in find_catalogues(Path(knowledge_dir)):
            try:
                title, procedures = read_catalogue(path)
            except CatalogueError as exc:
                log.warning("Skipping procedure catalogue %s: %s", path, exc.reason)
                continue
            for procedure in procedures:
                previous = checked.get(procedure.id)
                if previous is not None:
                    log.warning("Procedure id %r appears in more than one catalogue; keeping the newer", procedure.id)
                    if (previous[0].as_of or _MIN_DATE) > (procedure.as_of or _MIN_DATE):
                        continue
                checked[procedure.id] = (procedure, title)
        national: dict[str, Entry] = {}
        local: dict[str, Entry] = {}
        for path in find_records_files(root):
            try:
                records = read_records(path)
            except CatalogueError as exc:
                log.warning("Skipping procedure records %s: %s", path, exc.reason)
                continue
            in_local_dir = LOCAL_DIR in path.relative_to(root).parts[:-1]
            for record in records:
                is_local = record.local or in_local_dir
                entry = _record_entry(record, SOURCE_LOCAL if is_local else SOURCE_NATIONAL)
                (local if is_local else national)[record.code] = entry
        entries = [_checked_entry(p, title) for p, title in checked.values()]
        entries += [e for code, e in national.items() if code not in local]
        entries += list(local.values())
        return cls(entries)


def _checked_entry(procedure: Procedure, title: str) -> Entry:
    """A checked catalogue entry as an `Entry`."""
    return Entry(
        id=procedure.id,
        name=procedure.name,
        source=SOURCE_CHECKED,
        code=procedure.portal_codes[0] if procedure.portal_codes else None,
        codes=tuple(procedure.portal_codes),
        level=None,
        ministry=None,
        url=procedure.sources[0] if procedure.sources else None,
        aliases=tuple(procedure.aliases),
        catalogue=title,
        procedure=procedure,
    )


def _record_entry(record: ProcedureRecord, source: str) -> Entry:
    """An imported record as an `Entry`."""
    return Entry(
        id=record.code,
        name=record.name,
        source=source,
        code=record.code,
        codes=(record.code,),
        level=record.level,
        ministry=record.ministry,
        url=record.url,
        aliases=tuple(record.aliases),
        catalogue=messages.PROCEDURE_LOCAL_CATALOGUE if source == SOURCE_LOCAL else messages.PROCEDURE_NATIONAL_CATALOGUE,
        record=record,
    )
