"""The curated bank and the unit list: shipped files load, bad files are named precisely."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.quiz.bank import bank_cache, load_bank, load_units
from bot.quiz.errors import BankError
from bot.quiz.models import TOPICS

REPO = Path(__file__).resolve().parents[2]
GOOD = """
- id: mau-1
  question: "Chương trình tổng thể CCHC 2021–2030 gồm bao nhiêu nội dung?"
  options: ["4", "5", "6"]
  answer: "6"
  explanation: "Sáu nội dung cải cách."
  source: "Nghị quyết 76/NQ-CP ngày 15/7/2021"
  topic: reform_areas
"""


def test_shipped_bank_loads_and_every_question_names_a_source() -> None:
    bank = load_bank(REPO / "knowledge" / "quiz")
    assert len(bank) >= 40
    assert {q.topic for q in bank.questions} == set(TOPICS)
    for question in bank.questions:
        assert question.source.strip(), question.id
        assert question.answer in question.options
        assert 3 <= len(question.options) <= 4


def test_shipped_units_are_an_example_with_targets() -> None:
    text = (REPO / "knowledge" / "units.yaml").read_text(encoding="utf-8")
    assert "VÍ DỤ" in text.upper()
    units = load_units(REPO / "knowledge" / "units.yaml")
    assert [u.id for u in units.units] == ["vp", "ktht", "vhxh", "hcc"]
    assert units.get("vp").target == 80 and units.get("hcc").target == 100  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('answer: "6"', 'answer: "7"'), "mau-1: Value error, answer '7' is not one of the options"),
        (('options: ["4", "5", "6"]', 'options: ["6", "6", "5"]'), "mau-1: options: Value error, options repeat"),
        (('options: ["4", "5", "6"]', 'options: ["6"]'), "mau-1: options: Value error, 1 options"),
        (("topic: reform_areas", "topic: sports"), "mau-1: topic: Input should be"),
        (('  source: "Nghị quyết 76/NQ-CP ngày 15/7/2021"\n', ""), "mau-1: source: Field required"),
        (("id: mau-1", "id: Mẫu 1"), "Mẫu 1: id: Value error"),
    ],
)
def test_bad_question_names_file_and_id(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    (tmp_path / "bad.yaml").write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(BankError) as caught:
        load_bank(tmp_path)
    assert str(caught.value).startswith("bad.yaml, ")
    assert expected in str(caught.value)


def test_duplicate_ids_across_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(BankError, match=r"b.yaml, mau-1: id already used in a.yaml"):
        load_bank(tmp_path)


def test_bank_cache_reloads_an_edited_file(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(GOOD, encoding="utf-8")
    cache = bank_cache(tmp_path)
    assert [q.id for q in cache.get().questions] == ["mau-1"]
    path.write_text(GOOD + GOOD.replace("mau-1", "mau-2"), encoding="utf-8")
    assert [q.id for q in cache.get().questions] == ["mau-1", "mau-2"]


def test_units_default_target_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "units.yaml"
    path.write_text("default_target: 90\nunits:\n  - {id: a, name: A}\n  - {id: b, name: B, target: 50}\n", "utf-8")
    units = load_units(path)
    assert [(u.id, u.target) for u in units.units] == [("a", 90), ("b", 50)]
    path.write_text("units:\n  - {id: a, name: A}\n  - {id: a, name: B}\n", "utf-8")
    with pytest.raises(BankError, match="unit ids repeat"):
        load_units(path)
    assert load_units(tmp_path / "missing.yaml").units == ()
