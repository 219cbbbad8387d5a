"""Lexical tokens for BM25: folded syllables, syllable bigrams, abbreviations both ways.

Lives in the indexer because the store's lexical index is built from these tokens; the
bot tokenises queries with the very same function.
"""

from __future__ import annotations

import re
from functools import lru_cache

from indexer.textnorm import fold
from indexer.vntokens import canonical, syllables

# Bumped whenever lexical_tokens changes: a store indexed with other tokens is rebuilt.
LEXICAL_VERSION = 3  # 3: canonical syllables (ký = kí) from indexer.vntokens

# Abbreviation -> expansion (folded). Both directions are indexed, so "CCHC" in a query
# finds "cải cách hành chính" in a document and the other way round.
ABBREVIATIONS: dict[str, str] = {
    "cchc": "cai cach hanh chinh",
    "tthc": "thu tuc hanh chinh",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "cbccvc": "can bo cong chuc vien chuc",
    "ccvc": "cong chuc vien chuc",
    "dvc": "dich vu cong",
    "dvctt": "dich vu cong truc tuyen",
    "cntt": "cong nghe thong tin",
    "bpmc": "bo phan mot cua",
    "nq": "nghi quyet",
    "nd": "nghi dinh",
    "qd": "quyet dinh",
    "kh": "ke hoach",
    "ct": "chi thi",
    "tt": "thong tu",
    "ttg": "thu tuong",
    "cp": "chinh phu",
    "mttq": "mat tran to quoc",
    "vbqppl": "van ban quy pham phap luat",
    "hcc": "hanh chinh cong",
    "kcn": "khu cong nghiep",
    "bql": "ban quan ly",
    "khcn": "khoa hoc va cong nghe",
    "ldtbxh": "lao dong thuong binh va xa hoi",
    "tttt": "thong tin va truyen thong",
    "cbcc": "can bo cong chuc",
    "csdl": "co so du lieu",
}
# Ampersand abbreviations joined into one token that the table above knows.
_JOINED = [(re.compile(r"\bkh\s*&\s*cn\b", re.I), "KHCN"), (re.compile(r"\bl[dđ]-?tb\s*&\s*xh\b", re.I), "LĐTBXH"),
           (re.compile(r"\btt\s*&\s*tt\b", re.I), "TTTT")]
# Expansions in canonical spelling ("ban quan ly" → "ban quan li"), as tokens are.
ABBREVIATIONS = {k: " ".join(canonical(w) for w in v.split()) for k, v in ABBREVIATIONS.items()}
_EXPANSIONS = {tuple(v.split()): k for k, v in ABBREVIATIONS.items()}
_MAX_PHRASE = max(len(p) for p in _EXPANSIONS)


def _with_abbreviations(tokens: list[str]) -> list[str]:
    """Append the short form of every expansion found in (already expanded) ``tokens``."""
    extra: list[str] = []
    for i in range(len(tokens)):
        for size in range(2, min(_MAX_PHRASE, len(tokens) - i) + 1):
            abbreviation = _EXPANSIONS.get(tuple(tokens[i : i + size]))
            if abbreviation:
                extra.append(abbreviation)
    return tokens + extra


def join_ampersands(text: str) -> str:
    """Write "KH&CN", "LĐ-TB&XH" as the single tokens "KHCN", "LĐTBXH"."""
    for pattern, joined in _JOINED:
        text = pattern.sub(joined, text)
    return text


@lru_cache(maxsize=16384)
def search_syllables(text: str) -> tuple[str, ...]:
    """Canonical folded syllables (`indexer.vntokens`) with ampersand abbreviations joined ("KH&CN" → "khcn").

    Cached because answering re-reads the same retrieved sentences for every question
    that finds them; tokenising them again was a fifth of the answer time.
    """
    return tuple(syllables(join_ampersands(text)))


def lexical_tokens(text: str, bigrams: bool = True) -> list[str]:
    """Tokens of a text for the BM25 index: folded syllables, abbreviations, bigrams.

    Abbreviations are written out in place before bigrams are formed and the short form
    is added as a token too, so "tuyên truyền CCHC" and "tuyên truyền cải cách hành chính"
    produce the same tokens. Why bigrams: Vietnamese words are mostly two syllables
    ("hành chính", "công chức"); single syllables are highly ambiguous once diacritics are
    folded ("ma" = ma/má/mã).
    """
    base = expanded_syllables(text)
    tokens = _with_abbreviations(base)
    if not bigrams:
        return tokens
    return tokens + [f"{a}_{b}" for a, b in zip(base, base[1:])]


def expanded_syllables(text: str) -> list[str]:
    """Folded syllables with abbreviations written out in place ("Sở KH&CN" → so khoa hoc va cong nghe)."""
    tokens: list[str] = []
    for token in search_syllables(text):
        tokens.extend(ABBREVIATIONS.get(token, token).split())
    return tokens


def expanded_bigrams(text: str) -> set[str]:
    """Bigrams of :func:`expanded_syllables` (document identity keys)."""
    tokens = expanded_syllables(text)
    return {f"{a}_{b}" for a, b in zip(tokens, tokens[1:])}


def folded_text(text: str) -> str:
    """Folded text with single spaces (for substring checks)."""
    return " ".join(fold(text).split())
