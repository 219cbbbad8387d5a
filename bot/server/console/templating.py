"""Server-rendered console pages: Jinja2 with autoescaping on for every template.

Every value from users, documents or the database goes through Jinja's escaping, so a
question containing ``<script>`` is shown as text; nothing is marked safe. The page loads
only ``/static/admin.css`` (the server's CSP allows no inline script or style).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from bot import messages
from bot.storage.database import LOCAL_TZ

TEMPLATES = Path(__file__).parent / "templates"
NAV = (
    ("overview", "/admin/", "Tổng quan"),
    ("gaps", "/admin/gaps", "Câu hỏi chưa trả lời được"),
    ("curated", "/admin/curated", "Câu trả lời biên soạn"),
    ("documents", "/admin/documents", "Tài liệu"),
    ("procedures", "/admin/procedures", "Thủ tục"),
    ("quiz", "/admin/quiz", "Trắc nghiệm"),
    ("audit", "/admin/audit", "Nhật ký quản trị"),
)


def _when(value: datetime | None) -> str:
    """A stored UTC time in the offices' local time: "28/01/2025 08:30"."""
    return value.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M") if value else ""


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _percent(value: float | None) -> str:
    return f"{value:.0f}%" if value is not None else "—"


environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,  # a missing value is a bug, not an empty cell
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.filters.update(when=_when, day=_day, percent=_percent)
environment.globals.update(nav=NAV, messages=messages)


def render(request: Request, name: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    """The page ``name`` with the signed-in admin and the CSRF token of the request (if any)."""
    session = getattr(request.state, "console_session", None)
    page = environment.get_template(name).render(
        admin=session.admin if session else None,
        csrf=session.csrf if session else "",
        notice=context.pop("notice", ""),
        errors=context.pop("errors", []),
        **context,
    )
    return HTMLResponse(page, status_code=status_code, headers={"Cache-Control": "no-store"})
