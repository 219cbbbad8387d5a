"""Vietnamese text normalisation: the one place both the indexer and the bot import.

Why a module of its own: the same text must be normalised identically at index time and
at query time, or lexical matching silently fails (NFD vs NFC, "hoà" vs "hòa", typed
without diacritics).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Combining tone marks (huyền, sắc, hỏi, ngã, nặng). Vowel-quality marks (circumflex,
# breve, horn) are not tones and stay on their letter.
_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
_VOWELS = set("aeiouyAEIOUY")
_WORD_RE = re.compile(r"\w+", re.UNICODE)
_SYLLABLE_RE = re.compile(r"[^\W_]+", re.UNICODE)


def nfc(text: str) -> str:
    """Compose to NFC (sources mix NFC and NFD)."""
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=65536)  # a corpus has a few thousand distinct syllables; queries repeat them
def _place_tone(syllable: str) -> str:
    """Move the tone mark of one syllable to the placement official documents use.

    That is the "old style" (hòa, thủy, khỏe; "hoà"/"thuỷ" are rewritten): a vowel with a
    quality mark (ă â ê ô ơ ư) takes the tone; else a nucleus of three vowels takes it on
    the middle one, of two on the first unless a consonant follows (then the second);
    "qu"/"gi" onsets count as consonants (quý, giữa).
    """
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = next((ch for ch in decomposed if ch in _TONES), None)
    if tone is None:
        return syllable
    bare = "".join(ch for ch in decomposed if ch not in _TONES)
    letters = unicodedata.normalize("NFC", bare)
    lower = letters.lower()
    # Locate the vowel nucleus.
    start = 0
    if lower.startswith("qu") and len(lower) > 2:
        start = 2
    elif lower.startswith("gi") and len(lower) > 2 and _base(lower[2]) in _VOWELS:
        start = 2
    idx = [i for i in range(start, len(letters)) if _base(lower[i]) in _VOWELS]
    if not idx:
        return syllable
    # Keep only the first contiguous run of vowels.
    run = [idx[0]]
    for i in idx[1:]:
        if i == run[-1] + 1:
            run.append(i)
        else:
            break
    target = run[0]
    quality = [i for i in run if lower[i] in "ăâêôơư"]
    has_coda = run[-1] < len(letters) - 1
    if quality:
        target = quality[-1]
    elif len(run) == 3:
        target = run[1]
    elif len(run) == 2:
        target = run[1] if has_coda else run[0]
    out = []
    for i, ch in enumerate(letters):
        if i == target:
            out.append(unicodedata.normalize("NFC", unicodedata.normalize("NFD", ch) + tone))
        else:
            out.append(ch)
    return "".join(out)


def _base(ch: str) -> str:
    """The ASCII base letter of a (possibly accented) character."""
    return unicodedata.normalize("NFD", ch)[0]


def normalize(text: str) -> str:
    """NFC plus consistent tone-mark placement; keeps case and punctuation."""
    text = nfc(text)
    return _WORD_RE.sub(lambda m: _place_tone(m.group(0)) if len(m.group(0)) <= 7 else m.group(0), text)


def _fold_table() -> dict[int, str | None]:
    """Translation table: every accented Latin letter to its base letter, combining marks dropped.

    Why a table: folding runs over every passage considered for every question; one
    ``str.translate`` is an order of magnitude faster than decomposing and filtering.
    """
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0x00C0, 0x1EFA):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and base.isascii() and base.isalpha():
            table[code] = base
    table.update({code: None for code in range(0x0300, 0x0370)})  # leftover combining marks
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Remove every diacritic and map đ→d, lower-cased: "Đăng ký" → "dang ky"."""
    return nfc(text).lower().translate(_FOLD)


def syllables(text: str) -> list[str]:
    """Lower-cased syllable tokens of normalised text (diacritics kept)."""
    return _SYLLABLE_RE.findall(normalize(text).lower())


def folded_syllables(text: str) -> list[str]:
    """Syllable tokens with diacritics folded: the lexical index's vocabulary."""
    return _SYLLABLE_RE.findall(fold(text))
