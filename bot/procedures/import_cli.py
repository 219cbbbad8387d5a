"""``cchc procedures import PATH``: parse a procedure source into a records file under knowledge/.

The parsing lives in `indexer.procedure_import`; this module only reads the options,
writes the file and prints the report (imported count, skipped records by code and reason).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from bot import messages
from bot.config import Settings
from indexer.procedure_import import MAX_IMPORT_BYTES, SourceError, read_source
from indexer.procedure_records import RECORDS_SUFFIXES, write_records

procedures_app = typer.Typer(help="Danh mục thủ tục hành chính: nhập từ Cổng DVC quốc gia hoặc tệp của cơ quan.",
                             no_args_is_help=True, add_completion=False)


def default_output(source: Path, knowledge_dir: Path, *, local: bool) -> Path:
    """Where an import writes by default: ``<knowledge>/procedures[/local]/<stem>.records.jsonl.gz``."""
    stem = source.name
    for suffix in (".gz", ".jsonl", ".json", ".csv", ".xlsx"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    folder = knowledge_dir / "procedures" / ("local" if local else "")
    return folder / f"{stem}{RECORDS_SUFFIXES[0]}"


def _parse_map(values: list[str]) -> dict[str, str]:
    """``--map 'Tên cột=trường'`` options as a mapping."""
    mapping: dict[str, str] = {}
    for value in values:
        title, sep, target = value.partition("=")
        if not sep or not title.strip() or not target.strip():
            raise typer.BadParameter(messages.IMPORT_BAD_MAP.format(value=value))
        mapping[title.strip()] = target.strip()
    return mapping


@procedures_app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="Tệp nguồn: .jsonl / .jsonl.gz (trường của Cổng), .csv hoặc .xlsx.")],
    out: Annotated[Optional[Path], typer.Option(help="Tệp kết quả (mặc định knowledge/procedures/[local/]<tên>.records.jsonl.gz).")] = None,
    local: Annotated[bool, typer.Option("--local", help="Thủ tục của cơ quan: thay bản quốc gia cùng mã.")] = False,
    column: Annotated[Optional[list[str]], typer.Option("--map", help="Gán cột: 'Tên cột=trường' ('-' để bỏ qua cột).")] = None,
    max_mb: Annotated[int, typer.Option(min=1, help="Giới hạn kích thước tệp nguồn (MB).")] = MAX_IMPORT_BYTES // 1024 // 1024,
) -> None:
    """Parse PATH and write its records where the assistant reads them; report skipped records."""
    settings = Settings()
    try:
        report = read_source(path, extra_columns=_parse_map(column or []), max_bytes=max_mb * 1024 * 1024)
    except SourceError as exc:
        typer.echo(messages.IMPORT_FAILED.format(reason=exc), err=True)
        raise typer.Exit(1) from exc
    records = report.records
    if local:
        records = [r.model_copy(update={"local": True}) for r in records]
    target = out or default_output(path, settings.knowledge_dir, local=local)
    changed = write_records(target, records)
    typer.echo(messages.IMPORT_DONE.format(count=len(records), path=target,
                                           unchanged="" if changed else messages.IMPORT_UNCHANGED))
    if report.skipped:
        typer.echo(messages.IMPORT_SKIPPED_HEAD.format(count=len(report.skipped)))
        for code, reason in report.skipped:
            typer.echo(messages.IMPORT_SKIPPED_LINE.format(code=code, reason=reason))
    if changed:
        typer.echo(messages.IMPORT_REINDEX)
