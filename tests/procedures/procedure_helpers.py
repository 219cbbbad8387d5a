"""Paths shared by the procedure tests (a uniquely named module: conftest names collide)."""

from __future__ import annotations

from pathlib import Path

KNOWLEDGE_DIR = Path(__file__).resolve().parents[2] / "knowledge"
SHIPPED_CATALOGUE = KNOWLEDGE_DIR / "procedures" / "catalogue.yaml"
