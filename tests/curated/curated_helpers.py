"""Helpers for curated-answer tests: the dev and held-out sets as curated answers and probes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import yaml

from bot.curated.models import CuratedAnswer

DATA = Path(__file__).resolve().parents[1] / "data"
DEV_SET = DATA / "curated_dev.yaml"
TEST_SET = DATA / "curated_test.yaml"
EPOCH = datetime(2025, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Probe:
    question: str
    expect: str | None
    kind: str


def curated(answer_id: int, questions: list[str], answer: str = "Câu trả lời.", **fields: object) -> CuratedAnswer:
    """A stored-looking curated answer (no database)."""
    return CuratedAnswer(id=answer_id, questions=tuple(questions), answer=answer, created_by="t", updated_by="t",
                         created_at=EPOCH, updated_at=EPOCH, **fields)


def load_set(path: Path) -> tuple[list[CuratedAnswer], dict[int, str], list[Probe]]:
    """(curated answers numbered from 1, number → name in the file, probes)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    answers = [curated(n, entry["questions"], entry["answer"]) for n, entry in enumerate(data["answers"], start=1)]
    names = {n: entry["id"] for n, entry in enumerate(data["answers"], start=1)}
    probes = [Probe(p["question"], p["expect"], p["kind"]) for p in data["probes"]]
    return answers, names, probes
