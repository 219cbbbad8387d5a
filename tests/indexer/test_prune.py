"""Old builds are deleted; the kept ones are complete; a running build and the builds in use stay."""

from __future__ import annotations

import os
import time
from pathlib import Path

from indexer.store import UNFINISHED_AFTER_S, prune_builds


def _build(builds: Path, name: str, age_s: float, *, complete: bool = True) -> Path:
    path = builds / name
    path.mkdir(parents=True)
    (path / "chunks.jsonl").write_text("{}\n")
    stamp = time.time() - age_s
    if complete:
        (path / "manifest.json").write_text("{}")
        os.utime(path / "manifest.json", (stamp, stamp))
    os.utime(path / "chunks.jsonl", (stamp, stamp))
    os.utime(path, (stamp, stamp))
    return path


def test_keeps_the_newest_complete_builds_and_those_in_use(tmp_path: Path) -> None:
    builds = tmp_path / "builds"
    for n, age in enumerate([50, 40, 30, 20, 10]):
        _build(builds, f"b{n}", age)
    running = _build(builds, "running", 1, complete=False)  # being written now
    crashed = _build(builds, "crashed", UNFINISHED_AFTER_S + 60, complete=False)
    (tmp_path / "index").symlink_to(Path("builds") / "b1")  # the live one
    deleted = prune_builds(builds, keep=2, in_use={"b0"})
    assert sorted(p.name for p in deleted) == ["b2", "crashed"]
    assert sorted(p.name for p in builds.iterdir()) == ["b0", "b1", "b3", "b4", "running"]
    assert running.exists() and not crashed.exists()


def test_unfinished_builds_never_count_among_those_kept(tmp_path: Path) -> None:
    builds = tmp_path / "builds"
    good = _build(builds, "good", 100)
    for n in range(4):
        _build(builds, f"failed{n}", 5 + n, complete=False)  # newer, but never finished
    prune_builds(builds, keep=1)
    assert good.exists()  # four unfinished builds did not push the last good one out


def test_nothing_to_prune(tmp_path: Path) -> None:
    assert prune_builds(tmp_path / "absent", keep=3) == []
