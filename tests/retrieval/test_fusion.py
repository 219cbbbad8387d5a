"""Fusion functions: ordering, weights, empty inputs, bad arguments."""

import pytest

from bot.retrieval.fusion import convex, fuse, rrf


@pytest.mark.parametrize("method", ["rrf", "convex"])
def test_item_ranked_well_by_both_wins(method: str) -> None:
    a = [("x", 9.0), ("y", 5.0), ("z", 1.0)]
    b = [("y", 0.9), ("x", 0.8), ("w", 0.1)]
    fused = fuse([a, b], method=method)
    assert {fused[0][0], fused[1][0]} == {"x", "y"}
    assert [item for item, _ in fused][-1] in {"z", "w"}


@pytest.mark.parametrize("method", ["rrf", "convex"])
def test_empty_lists(method: str) -> None:
    assert fuse([[], []], method=method) == []
    assert fuse([[("a", 1.0)], []], method=method)[0][0] == "a"


def test_weights_shift_the_winner() -> None:
    a = [("x", 1.0), ("y", 0.0)]
    b = [("y", 1.0), ("x", 0.0)]
    assert convex([a, b], [0.9, 0.1])[0][0] == "x"
    assert convex([a, b], [0.1, 0.9])[0][0] == "y"
    assert rrf([a, b], [0.1, 0.9])[0][0] == "y"


def test_inputs_not_mutated_and_errors_name_the_problem() -> None:
    a = [("x", 1.0)]
    fuse([a, a])
    assert a == [("x", 1.0)]
    with pytest.raises(ValueError, match="rrf, convex"):
        fuse([a], method="max")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not all zero"):
        fuse([a, a], [0.0, 0.0])
    with pytest.raises(ValueError, match="2 weights for 1 lists"):
        fuse([a], [1.0, 1.0])
