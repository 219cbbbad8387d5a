"""The legal notes: front matter that lets a reader check every figure, consistent validity fields."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

NOTES = sorted((Path(__file__).resolve().parents[2] / "knowledge" / "legal").glob("*.md"))
_URL = re.compile(r"https?://\S+")


def _split(path: Path) -> tuple[dict, str]:
    text = path.read_text("utf-8")
    assert text.startswith("---\n"), f"{path.name}: no front matter"
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def test_there_are_notes_on_every_required_topic() -> None:
    names = " ".join(p.stem for p in NOTES)
    for topic in ["nq76", "mot-cua", "dich-vu-cong", "chi-so", "van-hoa-cong-vu", "iso-9001", "thay-doi-2025"]:
        assert topic in names, topic


@pytest.mark.parametrize("path", NOTES, ids=lambda p: p.stem)
def test_front_matter_lists_checkable_sources(path: Path) -> None:
    front, body = _split(path)
    assert front["title"] and front["doc_type"] and body.strip()
    date.fromisoformat(str(front["date"]))
    assert front["sources"], "every note lists its sources"
    for source in front["sources"]:
        assert _URL.search(source), f"{path.name}: source without a page address: {source}"


@pytest.mark.parametrize("path", NOTES, ids=lambda p: p.stem)
def test_validity_fields_are_consistent(path: Path) -> None:
    front, _ = _split(path)
    if front.get("replaced_by"):
        replaced_on = date.fromisoformat(str(front["replaced_on"]))
        assert replaced_on > date.fromisoformat(str(front["date"]))
    if front.get("effective_from"):
        date.fromisoformat(str(front["effective_from"]))


@pytest.mark.parametrize("path", NOTES, ids=lambda p: p.stem)
def test_sections_with_figures_name_their_source(path: Path) -> None:
    _, body = _split(path)
    sections = re.split(r"\n(?=## )", body)
    for section in sections[1:]:
        figures = re.findall(r"\d+(?:[.,]\d+)?%|\b\d{1,2}/\d{1,2}/\d{4}\b", section)
        if figures:
            assert "Nguồn:" in section, f"{path.name}: section with {figures[:3]} has no 'Nguồn:' line:\n{section[:120]}"
