"""A share from a sample and its 95% confidence interval, compared with a plan's target.

Why the Wilson score interval and not the normal approximation (Wald, p ± z·√(p(1−p)/n)):
the plans' targets sit near the top of the scale (95%, 100%) and an office's samples are
small (tens of people per quarter). There the Wald interval fails exactly where it matters:
19 "hiểu rõ" out of 20 gives 95% ± 9.6 points, an upper end above 100%, and 20 out of 20
gives 100% ± 0, a certainty no sample of 20 supports. Wilson's interval (the set of shares
a two-sided score test at 5% does not reject) stays inside 0–100%, is never zero-width
and keeps close to its nominal 95% coverage for small n and extreme shares (Brown, Cai
and DasGupta, "Interval Estimation for a Binomial Proportion", Statistical Science, 2001).

The verdict against a target uses the whole interval, so a report never claims more than
the sample shows: *reached* when even the lower end is at or above the target, *not
reached* when even the upper end is below it, *not yet conclusive* otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Literal

# The two-sided 95% normal quantile, 1.959964 (commonly rounded to 1.96).
Z95 = NormalDist().inv_cdf(0.975)
Verdict = Literal["reached", "not_reached", "inconclusive", "no_data"]


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of ``successes``/``n``, as shares in [0, 1].

    Args:
        successes: Respondents with the outcome.
        n: Respondents asked (0 gives the uninformative (0, 1)).
        z: The normal quantile (default: 95% two-sided).

    Raises:
        ValueError: ``successes`` outside 0..n.
    """
    if not 0 <= successes <= n:
        raise ValueError(f"{successes} successes out of {n} is impossible")
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Estimate:
    """``successes`` of ``n`` with its 95% Wilson interval, all in percent."""

    successes: int
    n: int

    @property
    def share(self) -> float | None:
        """The observed share in percent; None without answers."""
        return 100.0 * self.successes / self.n if self.n else None

    @property
    def interval(self) -> tuple[float, float]:
        """The 95% interval in percent."""
        low, high = wilson_interval(self.successes, self.n)
        return 100.0 * low, 100.0 * high

    @property
    def margin(self) -> float | None:
        """The larger distance from the share to an end of the interval, in points (None without answers).

        Wilson's interval is not symmetric near 0% or 100%, so "± margin" is the wider side:
        it never understates the uncertainty.
        """
        share = self.share
        if share is None:
            return None
        low, high = self.interval
        return max(share - low, high - share)

    def verdict(self, target: float) -> Verdict:
        """How the sample compares with ``target`` percent (see the module docstring)."""
        if not self.n:
            return "no_data"
        low, high = self.interval
        if low >= target:
            return "reached"
        if high < target:
            return "not_reached"
        return "inconclusive"
