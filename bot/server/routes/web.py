"""The web chat page (static HTML/CSS/JS; no build step)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

router = APIRouter(tags=["web"])
INDEX = Path(__file__).resolve().parents[1] / "static" / "index.html"


@router.get("/", include_in_schema=False)
async def index() -> FileResponse:
    """The chat page; it talks to ``POST /api/chat``."""
    return FileResponse(INDEX, media_type="text/html; charset=utf-8")
