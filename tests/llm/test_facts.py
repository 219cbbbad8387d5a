"""The verifier's normalisation on its own: equal facts in every written form, different facts apart."""

from __future__ import annotations

import pytest

from bot.llm.facts import draft_facts, passage_keys


def keys(text: str) -> list[str]:
    return [fact.key for fact in draft_facts(text)]


@pytest.mark.parametrize(
    "forms",
    [
        ("50.000 đồng", "50,000 đồng", "50 000 đồng", "50\u00a0000 đồng", "50 nghìn đồng", "50 ngàn đồng"),
        ("1.500.000", "1,500,000", "1 500 000", "1,5 triệu"),
        ("84,38%", "84,38 %", "84,38 phần trăm", "84.38%"),
        ("07 ngày", "7 ngày", "7 NGÀY", "7 ngay"),
        ("07 ngày làm việc", "7 ngày làm việc"),
        ("1/7/2025", "01/07/2025", "01/7/2025", "1-7-2025", "1.7.2025", "ngày 1 tháng 7 năm 2025", "01 / 07 / 2025"),
        ("7/2025", "tháng 7/2025", "tháng 7 năm 2025", "07/2025"),
        ("76/NQ-CP", "76/nq-cp", "76 / NQ-CP", "76/NQ - CP"),
        ("118/2025/NĐ-CP", "118/2025/ND-CP", "118/2025/nđ-cp"),
    ],
)
def test_equal_forms_have_one_key(forms: tuple[str, ...]) -> None:
    first = keys(forms[0])
    assert len(first) == 1
    for form in forms[1:]:
        assert keys(form) == first, form


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("50.000 đồng", "500.000 đồng"),
        ("84,38%", "84,83%"),
        ("1,5 triệu", "1,5 tỷ"),
        ("7 ngày", "7 ngày làm việc"),  # calendar days and working days are different limits
        ("7 ngày", "7 tháng"),
        ("80%", "80 ngày"),
        ("01/07/2025", "07/01/2025"),
        ("76/NQ-CP", "76/QĐ-TTg"),
        ("30c/NQ-CP", "30/NQ-CP"),
        ("61/2018/NĐ-CP", "118/2025/NĐ-CP"),
    ],
)
def test_different_facts_differ(one: str, other: str) -> None:
    assert keys(one) != keys(other)


def test_decimal_and_thousands_marks() -> None:
    assert keys("84,38") == ["num:84.38"]
    assert keys("1,5") == ["num:1.5"]
    assert keys("0,5 điểm") == ["num:0.5"]
    assert keys("1.000.000,5") == ["num:1000000.5"]
    assert keys("1,000,000.5") == ["num:1000000.5"]


def test_a_year_beside_a_count_is_not_one_number() -> None:
    assert keys("năm 2024 có 100 người") == ["num:2024", "num:100"]
    assert sorted(keys("giai đoạn 2022–2030")) == ["num:2022", "num:2030"]


def test_passage_allows_shorter_forms_of_its_facts() -> None:
    allowed = passage_keys("Từ ngày 01/7/2025 áp dụng Nghị định 118/2025/NĐ-CP; lệ phí 1,5 triệu đồng; 80% hồ sơ.")
    for shorter in ("1/7", "tháng 7/2025", "tháng 7", "năm 2025", "118", "1.500.000 đồng", "80"):
        assert all(key in allowed for key in keys(shorter)), shorter
    for changed in ("2/7", "tháng 8", "2026", "119/2025/NĐ-CP", "1,5 tỷ", "85%"):
        assert not all(key in allowed for key in keys(changed)), changed


def test_text_without_facts() -> None:
    assert keys("Bộ phận Một cửa tiếp nhận hồ sơ của người dân.") == []
    assert keys("") == []
