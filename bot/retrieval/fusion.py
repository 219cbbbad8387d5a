"""Fusion of ranked lists: weighted reciprocal rank fusion and a convex score combination.

Pure functions: they take lists of ``(item, score)`` best first, return a new list best
first, and tolerate empty inputs.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Literal, TypeVar

T = TypeVar("T", bound=Hashable)
Ranked = Sequence[tuple[T, float]]
FusionMethod = Literal["rrf", "convex"]

# The RRF constant of Cormack et al. (2009): 60 damps the weight of the very top ranks
# so that one list cannot dominate on rank 1 alone.
RRF_K = 60


def rrf(lists: Sequence[Ranked[T]], weights: Sequence[float] | None = None, k: int = RRF_K) -> list[tuple[T, float]]:
    """Weighted reciprocal rank fusion: ``sum_i w_i / (k + rank_i)``."""
    weights = _check_weights(lists, weights)
    scores: dict[T, float] = {}
    for ranked, weight in zip(lists, weights):
        for rank, (item, _) in enumerate(ranked, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda kv: kv[1], reverse=True)


def convex(lists: Sequence[Ranked[T]], weights: Sequence[float] | None = None) -> list[tuple[T, float]]:
    """Convex combination of min-max normalised scores (an item missing from a list scores 0 there).

    Why min-max per list: BM25 scores are unbounded and cosine scores crowd into a narrow
    band; rescaling each list to [0, 1] over its own fetched candidates makes the weights
    mean what they say.
    """
    weights = _check_weights(lists, weights)
    scores: dict[T, float] = {}
    for ranked, weight in zip(lists, weights):
        if not ranked:
            continue
        values = [s for _, s in ranked]
        low, high = min(values), max(values)
        span = high - low
        for item, score in ranked:
            norm = (score - low) / span if span > 0 else 1.0
            scores[item] = scores.get(item, 0.0) + weight * norm
    return sorted(scores.items(), key=lambda kv: kv[1], reverse=True)


def fuse(
    lists: Sequence[Ranked[T]], weights: Sequence[float] | None = None, method: FusionMethod = "convex"
) -> list[tuple[T, float]]:
    """Dispatch to :func:`rrf` or :func:`convex`.

    Raises:
        ValueError: unknown method (the message lists the valid ones).
    """
    if method == "rrf":
        return rrf(lists, weights)
    if method == "convex":
        return convex(lists, weights)
    raise ValueError(f"Unknown fusion method {method!r}; expected one of: rrf, convex")


def _check_weights(lists: Sequence[Ranked[T]], weights: Sequence[float] | None) -> list[float]:
    if weights is None:
        return [1.0] * len(lists)
    if len(weights) != len(lists):
        raise ValueError(f"{len(weights)} weights for {len(lists)} lists")
    if any(w < 0 for w in weights) or sum(weights) == 0:
        raise ValueError(f"Weights must be non-negative and not all zero, got {list(weights)}")
    return list(weights)
