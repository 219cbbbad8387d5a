"""Vietnamese normalisation: NFC, tone placement, folding, syllables."""

import unicodedata

import pytest

from indexer.textnorm import fold, folded_syllables, normalize, syllables


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("hoà", "hòa"),
        ("thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("Tỉnh uỷ", "Tỉnh ủy"),
        ("lan toả", "lan tỏa"),
        ("quý", "quý"),
        ("giữa", "giữa"),
        ("người", "người"),
        ("chuyển", "chuyển"),
        ("hoàn thành", "hoàn thành"),
        ("già", "già"),
    ],
)
def test_tone_placement(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_nfd_input_becomes_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Cải cách hành chính")
    assert decomposed != "Cải cách hành chính"
    assert normalize(decomposed) == "Cải cách hành chính"


def test_fold_removes_diacritics_and_d_stroke() -> None:
    assert fold("Đăng ký kết hôn ĐẸP") == "dang ky ket hon dep"
    assert fold(unicodedata.normalize("NFD", "Thủ tục")) == "thu tuc"


def test_syllables_keep_one_letter_tokens() -> None:
    # bm25s' default splitter drops one-letter syllables; ours must not.
    assert syllables("Ở Sóc Trăng, ý kiến") == ["ở", "sóc", "trăng", "ý", "kiến"]
    assert folded_syllables("Hoà Bình, 2030") == ["hoa", "binh", "2030"]
    assert folded_syllables("") == []
