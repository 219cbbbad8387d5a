"""Contest texts and keyboards: filling the templates of ``bot.messages`` (wording stays there)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot import messages, payloads
from bot.contest.ranking import PersonRank, UnitRank
from bot.dialogue.models import Button, Reply
from bot.quiz.models import ShownQuestion, UnitList
from bot.quiz.poll import LETTERS, question_poll
from bot.quiz.render import UNIT_LABEL_CHARS, percent, unit_name
from bot.quiz.report import excel_csv
from bot.storage.contest import ContestRound
from bot.storage.database import LOCAL_TZ

# The text announcement lists this many people; the CSV has everyone.
TEXT_PEOPLE = 10


def _button(label: str, payload: payloads.Payload) -> Button:
    return Button(label=label, payload=payloads.encode(payload))


def local_day(moment: datetime) -> str:
    """DD/MM/YYYY in local time."""
    return moment.astimezone(LOCAL_TZ).strftime("%d/%m/%Y")


def local_time(moment: datetime) -> str:
    """HH:MM:SS DD/MM in local time (seconds: ties are broken by who finished first)."""
    return moment.astimezone(LOCAL_TZ).strftime("%H:%M:%S %d/%m")


def seconds_text(milliseconds: int) -> str:
    """"83,4 giây"."""
    return messages.CONTEST_SECONDS.format(seconds=f"{milliseconds / 1000:.1f}".replace(".", ","))


def go_button(round_: ContestRound, label: str | None = None) -> Button:
    """Start or resume ``round_``."""
    shown = label or messages.CONTEST_ROUND_BUTTON.format(name=round_.name, until=local_day(round_.ends_at))
    return _button(shown[:UNIT_LABEL_CHARS], payloads.Contest("go", round_id=round_.id))


def unit_keyboard(units: UnitList, round_id: int) -> list[list[Button]]:
    """One unit per row; choosing one enters the round."""
    return [[_button(u.name[:UNIT_LABEL_CHARS], payloads.Contest("unit", round_id=round_id, unit=u.id))]
            for u in units.units]


def question_reply(round_: ContestRound, entry_id: int, position: int, shown: ShownQuestion, intro: str = "") -> Reply:
    """The question with lettered options, letter buttons, and the same question as a timed poll."""
    options = "\n".join(
        messages.QUIZ_OPTION.format(letter=LETTERS[i], text=option) for i, option in enumerate(shown.options)
    )
    text = messages.CONTEST_QUESTION.format(
        number=position + 1, total=round_.total, seconds=round_.seconds_per_question, question=shown.question,
        options=options,
    )
    buttons = [
        _button(LETTERS[i], payloads.Contest("answer", entry_id=entry_id, position=position, option=i))
        for i in range(len(shown.options))
    ]
    poll = question_poll(shown, buttons, number=position + 1, total=round_.total, lead=intro,
                         open_seconds=round_.seconds_per_question)
    return Reply(text=f"{intro}\n\n{text}" if intro else text, buttons=[buttons], poll=poll)


def feedback_text(shown: ShownQuestion, chosen: int | None, position: int, seconds: int) -> str:
    """Right, wrong (with the right answer), or out of time."""
    letter, answer = LETTERS[shown.correct], shown.options[shown.correct]
    if chosen is None:
        return messages.CONTEST_TIMEOUT.format(number=position + 1, seconds=seconds, letter=letter, answer=answer)
    if chosen == shown.correct:
        return messages.QUIZ_RIGHT
    return messages.QUIZ_WRONG.format(letter=letter, answer=answer)


def person_name(person: PersonRank) -> str:
    """The participant's name, or a neutral label for those without one (web sessions)."""
    return person.entry.display_name.strip() or messages.CONTEST_ANON.format(id=person.entry.entry_id)


def results_text(
    round_: ContestRound, people: Sequence[PersonRank], units: Sequence[UnitRank], unit_list: UnitList,
    *, practice: int = 0,
) -> str:
    """The announcement: the round, the rule, the practice entries left out, the top people and every unit."""
    lines = [
        messages.CONTEST_RESULTS_TITLE.format(name=round_.name, id=round_.id),
        messages.CONTEST_RESULTS_PERIOD.format(
            since=local_day(round_.starts_at), until=local_day(round_.ends_at), total=round_.total,
            seconds=round_.seconds_per_question, finished=len(people),
        ),
        messages.CONTEST_RESULTS_RULE,
        messages.CONTEST_RESULTS_PRACTICE.format(count=practice),
    ]
    if not people:
        return "\n".join([*lines, messages.CONTEST_RESULTS_EMPTY])
    lines += ["", messages.CONTEST_RESULTS_PEOPLE]
    for person in people[:TEXT_PEOPLE]:
        lines.append(messages.CONTEST_RESULTS_PERSON.format(
            rank=person.rank, name=person_name(person), unit=unit_name(unit_list, person.entry.unit),
            correct=person.entry.correct, total=person.entry.total, finished=local_time(person.entry.finished_at),
        ))
    if len(people) > TEXT_PEOPLE:
        lines.append(messages.CONTEST_RESULTS_MORE.format(count=len(people) - TEXT_PEOPLE))
    lines += ["", messages.CONTEST_RESULTS_UNITS]
    for unit in units:
        participation = ""
        if unit.headcount is not None and unit.participation is not None:
            participation = messages.CONTEST_RESULTS_PARTICIPATION.format(
                headcount=unit.headcount, share=percent(unit.participation)
            )
        lines.append(messages.CONTEST_RESULTS_UNIT.format(
            rank=unit.rank, unit=unit.name, mean=percent(unit.mean_percent), participants=unit.participants,
            participation=participation,
        ))
    return "\n".join(lines)


def people_csv(people: Sequence[PersonRank], unit_list: UnitList) -> bytes:
    """Every finisher in rank order."""
    rows: list[Sequence[object]] = [messages.CONTEST_CSV]
    for person in people:
        entry = person.entry
        rows.append([
            person.rank, person_name(person), entry.unit, unit_name(unit_list, entry.unit), entry.correct, entry.total,
            f"{person.percent:.1f}", f"{entry.elapsed_ms / 1000:.1f}",
            entry.finished_at.astimezone(LOCAL_TZ).isoformat(timespec="seconds"),
        ])
    return excel_csv(rows)


def units_csv(units: Sequence[UnitRank]) -> bytes:
    """Every unit in rank order, with participation against the headcount."""
    rows: list[Sequence[object]] = [messages.CONTEST_UNITS_CSV]
    for unit in units:
        participation = "" if unit.participation is None else f"{unit.participation:.1f}"
        rows.append([unit.rank, unit.unit_id, unit.name, unit.participants,
                     "" if unit.headcount is None else unit.headcount, participation, f"{unit.mean_percent:.1f}",
                     unit.best_rank])
    return excel_csv(rows)
