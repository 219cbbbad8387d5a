"""The one Vietnamese tokenizer: folded, canonical syllables shared by BM25, the procedure
matcher and the grouping of unanswered questions.

Why one module: the same words must become the same tokens everywhere, or a spelling
variant matches in one place and not in another ("đăng ký" and "đăng kí" matched in the
procedure matcher but not in BM25). Every variant that Vietnamese writing allows for one
word is reduced here to one token:

- diacritics and case are folded (`indexer.textnorm.fold`: "Đăng Ký" → "dang ky"), which
  also makes tone placement irrelevant ("hoà" = "hòa");
- a final "y" after a consonant is written "i" ("ký" = "kí", "lý" = "li", "mỹ" = "mĩ"),
  the y/i spelling choice the 1980s reforms left open; "uy" (thủy, quý) keeps its "y"
  because there it is a different vowel;
- `expand_shorthand` writes out the shorthand people type for common words ("dk", "dky" →
  "dang ki").
"""

from __future__ import annotations

import re
from functools import lru_cache

from indexer.textnorm import fold

_SYLLABLE_RE = re.compile(r"[^\W_]+", re.UNICODE)
_Y_FINAL_RE = re.compile(r"(?<=[bcdghklmnpqrstvx])y$")
# Shorthand people type for the words of procedure names and questions (folded).
SHORTHAND: dict[str, tuple[str, ...]] = {
    "dk": ("dang", "ki"), "dky": ("dang", "ki"), "dki": ("dang", "ki"),
    # The papers citizens name by their initials ("thẻ CCCD", "xin LLTP", "đổi GPLX").
    "cccd": ("can", "cuoc", "cong", "dan"), "cmnd": ("chung", "minh", "nhan", "dan"),
    "lltp": ("li", "lich", "tu", "phap"), "gplx": ("giay", "phep", "lai", "xe"),
}


def canonical(syllable: str) -> str:
    """One spelling per folded syllable: final "y" after a consonant is written "i" (ky → ki)."""
    return _Y_FINAL_RE.sub("i", syllable)


@lru_cache(maxsize=65536)  # a corpus has tens of thousands of distinct words; queries repeat them
def _canonical_word(word: str) -> str:
    return canonical(word)


def syllables(text: str) -> list[str]:
    """Folded, canonical syllables of ``text``: "Đăng kí Kết hôn" → ["dang", "ki", "ket", "hon"]."""
    return [_canonical_word(s) for s in _SYLLABLE_RE.findall(fold(text))]


def expand_shorthand(tokens: list[str]) -> list[str]:
    """``tokens`` with `SHORTHAND` written out ("dk" → "dang", "ki")."""
    out: list[str] = []
    for token in tokens:
        out.extend(SHORTHAND.get(token, (token,)))
    return out


def key(text: str) -> str:
    """The text as one comparable string: its canonical syllables joined by single spaces."""
    return " ".join(syllables(text))
