"""Section headings that list several topics: each topic names the section."""

from __future__ import annotations

from bot.retrieval.hybrid import _leaf_tokens


def test_each_listed_topic_of_a_heading_counts() -> None:
    leaves = _leaf_tokens(["I. MỤC TIÊU", "1. Phạm vi, đối tượng"])
    assert frozenset({"doi", "tuong"}) in leaves
    assert len(leaves) == 2  # the whole heading and its second topic ("phạm vi" folds to a numeral)


def test_long_headings_are_items_not_sections() -> None:
    assert _leaf_tokens(["1. Giao Văn phòng Sở tham mưu Lãnh đạo Sở việc tổ chức triển khai"]) == ()
    assert _leaf_tokens([]) == ()
