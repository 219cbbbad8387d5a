"""The refreshed Zalo token pair outlives the seed tokens of the environment (issue 12)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from bot.channels.zalo import TokenPair, TokenStore

SEED = TokenPair("access-seed", "refresh-seed")
REFRESHED = TokenPair("access-2", "refresh-2")


def test_stored_pair_is_used_once_the_seed_is_gone_from_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "zalo_tokens.json"
    TokenStore(path, SEED).save(REFRESHED)  # the first refresh spent the seed refresh token
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert TokenStore(path, None).current == REFRESHED  # CCHC_ZALO_*_TOKEN removed from the env


def test_a_new_seed_still_wins_over_the_stored_pair(tmp_path: Path) -> None:
    path = tmp_path / "zalo_tokens.json"
    TokenStore(path, SEED).save(REFRESHED)
    rotated = TokenPair("access-new", "refresh-new")
    assert TokenStore(path, rotated).current == rotated  # an admin re-authorised the OA
    assert TokenStore(path, SEED).current == REFRESHED  # the old seed: the file grew from it


def test_a_pair_refreshed_without_a_seed_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "zalo_tokens.json"
    store = TokenStore(path, None)
    assert store.current is None
    store.save(REFRESHED)
    assert TokenStore(path, None).current == REFRESHED


def test_a_file_without_a_pair_falls_back_to_the_seed(tmp_path: Path) -> None:
    path = tmp_path / "zalo_tokens.json"
    path.write_text(json.dumps({"seed": ""}), encoding="utf-8")
    assert TokenStore(path, None).current is None and TokenStore(path, SEED).current == SEED
