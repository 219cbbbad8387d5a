"""Curated-answer matching on the dev set (where the threshold was tuned) and the held-out set.

Prints, per set and per kind of probe, how many were served the right answer, none, or a
wrong one, plus the score gap around the threshold. Run from the repository root:

    .venv/bin/python benchmarks/curated_matching.py [--threshold 0.70]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "curated"))

from curated_helpers import DEV_SET, TEST_SET, load_set  # noqa: E402

from bot.curated.matcher import THRESHOLD, CuratedIndex  # noqa: E402

TODAY = date(2025, 6, 1)


def evaluate(path: Path, threshold: float) -> tuple[list[tuple[str, ...]], float, float]:
    """Rows (kind, probes, right, none, wrong), the best must-not score and the lowest served must-match score."""
    answers, names, probes = load_set(path)
    index = CuratedIndex(answers, threshold=threshold)
    outcomes: dict[str, Counter[str]] = defaultdict(Counter)
    negatives, positives = [0.0], [1.0]
    for probe in probes:
        best = index.ranked(probe.question, today=TODAY, limit=1)
        score = best[0].score if best else 0.0
        served = names[best[0].answer.id] if best and score >= threshold else None
        outcome = "right" if served == probe.expect else "none" if served is None else "wrong"
        outcomes[probe.kind][outcome] += 1
        if probe.expect is None:
            negatives.append(score)
        elif served == probe.expect:
            positives.append(score)
    rows = [
        (kind, str(sum(c.values())), str(c["right"]), str(c["none"]), str(c["wrong"]))
        for kind, c in sorted(outcomes.items())
    ]
    return rows, max(negatives), min(positives)


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) for row in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    args = parser.parse_args()
    for label, path in (("dev (tuned on)", DEV_SET), ("held-out", TEST_SET)):
        rows, negative, positive = evaluate(path, args.threshold)
        print(f"{label}: {path.name}, threshold {args.threshold:.2f}")
        print(_table([("kind", "probes", "right", "none", "wrong"), *rows]))
        print(f"  best score of a probe that must not match: {negative:.3f}; lowest served: {positive:.3f}\n")


if __name__ == "__main__":
    main()
