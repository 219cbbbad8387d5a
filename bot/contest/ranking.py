"""Contest rankings: pure functions over finished entries, so the order is testable by hand.

* **Enrolled only**: an entry of a person not enrolled in the unit they entered for
  (``practice``, see ``bot.quiz.enrolment``) is in neither ranking, nor in any count or
  participation figure; :func:`practice_count` says how many were left out.
* **People**: more correct answers first; equal scores go to whoever finished first (the
  "first-come" rule of the plans' contests), then to the lower entry id so the order is
  total. Every person has a distinct rank: the tie-break is the rule, not a shared place.
* **Units**: the mean score (percent of questions right) of their participants, highest
  first; then more participants (a unit that turned out in numbers), then the unit whose
  first-ranked member placed higher. Participation is shown against the headcount when
  ``units.yaml`` declares it, as in the awareness report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.quiz.models import UnitList
from bot.quiz.render import unit_name
from bot.storage.contest import EntryResult


@dataclass(frozen=True)
class PersonRank:
    """A participant's place."""

    rank: int
    entry: EntryResult

    @property
    def percent(self) -> float:
        """Correct answers in percent of the round's questions."""
        return 100.0 * self.entry.correct / self.entry.total


@dataclass(frozen=True)
class UnitRank:
    """A unit's place: participants, their mean score and the best of them."""

    rank: int
    unit_id: str
    name: str
    participants: int
    headcount: int | None
    mean_percent: float
    best_rank: int

    @property
    def participation(self) -> float | None:
        """Participants / headcount in percent, when the headcount is known."""
        return 100.0 * self.participants / self.headcount if self.headcount else None


def rank_people(entries: Sequence[EntryResult]) -> list[PersonRank]:
    """Counted entries by score (desc), then finishing time (asc, first-come), then entry id; practice left out."""
    counted = [entry for entry in entries if not entry.practice]
    ordered = sorted(counted, key=lambda e: (-e.correct, e.finished_at, e.entry_id))
    return [PersonRank(rank, entry) for rank, entry in enumerate(ordered, start=1)]


def practice_count(entries: Sequence[EntryResult]) -> int:
    """Finished practice entries: what the rankings leave out."""
    return sum(entry.practice for entry in entries)


def rank_units(people: Sequence[PersonRank], units: UnitList) -> list[UnitRank]:
    """Units with at least one finished entry, best mean score first (see the module docstring)."""
    members: dict[str, list[PersonRank]] = {}
    for person in people:
        members.setdefault(person.entry.unit, []).append(person)
    rows = []
    for unit_id, group in members.items():
        configured = units.get(unit_id)
        rows.append((
            sum(p.percent for p in group) / len(group), len(group), min(p.rank for p in group), unit_id,
            configured.headcount if configured else None,
        ))
    rows.sort(key=lambda r: (-r[0], -r[1], r[2], r[3]))
    return [
        UnitRank(rank=rank, unit_id=unit_id, name=unit_name(units, unit_id), participants=count, headcount=headcount,
                 mean_percent=mean, best_rank=best)
        for rank, (mean, count, best, unit_id, headcount) in enumerate(rows, start=1)
    ]
