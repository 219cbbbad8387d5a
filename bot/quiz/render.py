"""Quiz texts and keyboards: filling the templates of ``bot.messages`` (wording stays there)."""

from __future__ import annotations

from collections.abc import Sequence

from bot import messages, payloads
from bot.dialogue.models import Button, Reply
from bot.quiz.models import ShownQuestion, UnitList
from bot.quiz.poll import question_poll
from bot.quiz.scoring import TopicResult

LETTERS = "ABCD"
# Unit names are shown whole on buttons up to this length; phones wrap beyond it.
UNIT_LABEL_CHARS = 40
# A weak topic lists at most this many sources of the questions missed in it.
SOURCES_PER_TOPIC = 2
# "Start or resume the quiz": the same payload on every such button.
GO = payloads.encode(payloads.Quiz("go"))


def percent(value: float) -> str:
    """Vietnamese percent: 83,3% (decimal comma), 80% when whole."""
    text = f"{value:.1f}".replace(".", ",")
    return (text[:-2] if text.endswith(",0") else text) + "%"


def topic_name(topic: str) -> str:
    """The Vietnamese name of a topic code."""
    return messages.QUIZ_TOPICS.get(topic, topic)


def unit_name(units: UnitList, unit_id: str) -> str:
    """A unit's name, its id when unknown, or the "no unit" label."""
    if not unit_id:
        return messages.REPORT_NO_UNIT
    found = units.get(unit_id)
    return found.name if found else unit_id


def _unit_payload(unit_id: str, then_start: bool) -> str:
    return payloads.encode(payloads.Quiz("unit" if then_start else "unit_only", unit=unit_id))


def _answer_payload(attempt_id: int, position: int, option: int) -> str:
    return payloads.encode(payloads.Quiz("answer", attempt_id=attempt_id, position=position, option=option))


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def unit_keyboard(units: UnitList, *, then_start: bool) -> list[list[Button]]:
    """One unit per row (names are long: "Phòng Văn hóa - Xã hội")."""
    return [
        [Button(label=_short(u.name, UNIT_LABEL_CHARS), payload=_unit_payload(u.id, then_start))]
        for u in units.units
    ]


def question_reply(attempt_id: int, position: int, total: int, shown: ShownQuestion, intro: str = "") -> Reply:
    """The question with lettered options in the text and one letter button per option.

    Options go in the text, not on the buttons: legal options are long sentences that a
    button would cut off.
    """
    options = "\n".join(
        messages.QUIZ_OPTION.format(letter=LETTERS[i], text=option) for i, option in enumerate(shown.options)
    )
    text = messages.QUIZ_QUESTION.format(
        number=position + 1, total=total, topic=topic_name(shown.topic), question=shown.question, options=options
    )
    buttons = [
        Button(label=LETTERS[i], payload=_answer_payload(attempt_id, position, i)) for i in range(len(shown.options))
    ]
    poll = question_poll(shown, buttons, number=position + 1, total=total, lead=intro)  # issue 14: Telegram polls
    return Reply(text=f"{intro}\n\n{text}" if intro else text, buttons=[buttons], poll=poll)


def feedback_text(shown: ShownQuestion, chosen: int) -> str:
    """Right or wrong, the explanation and the citation."""
    if chosen == shown.correct:
        verdict = messages.QUIZ_RIGHT
    else:
        verdict = messages.QUIZ_WRONG.format(letter=LETTERS[shown.correct], answer=shown.options[shown.correct])
    return messages.QUIZ_EXPLANATION.format(verdict=verdict, explanation=shown.explanation, source=shown.source)


def summary_reply(
    *,
    correct: int,
    total: int,
    passed: bool,
    pass_percent: float,
    weak: Sequence[TopicResult],
    missed_sources: dict[str, list[str]],
    unit: str,
) -> Reply:
    """Final score, pass or fail, weakest topics with what to read, and follow-up buttons."""
    lines = [messages.QUIZ_DONE.format(correct=correct, total=total, percent=percent(100 * correct / total))]
    threshold = percent(pass_percent)
    lines.append((messages.QUIZ_PASSED if passed else messages.QUIZ_FAILED).format(threshold=threshold))
    if weak:
        lines.append(messages.QUIZ_WEAK_TITLE)
        for result in weak:
            reading = messages.QUIZ_READING.get(result.topic, topic_name(result.topic))
            lines.append(messages.QUIZ_WEAK_LINE.format(
                topic=topic_name(result.topic), correct=result.correct, total=result.total, reading=reading
            ))
            for source in missed_sources.get(result.topic, [])[:SOURCES_PER_TOPIC]:
                lines.append(messages.QUIZ_WEAK_SOURCE.format(source=source))
    else:
        lines.append(messages.QUIZ_ALL_RIGHT)
    if unit:
        lines.append(messages.QUIZ_UNIT_LINE.format(unit=unit))
    rows = [[Button(label=messages.QUIZ_NEW_BUTTON, payload=GO)]]
    for result in weak[:2]:
        question = messages.QUIZ_ASK.get(result.topic)
        if question:
            label = _short(messages.QUIZ_ASK_BUTTON.format(topic=topic_name(result.topic)), UNIT_LABEL_CHARS)
            rows.append([Button(label=label, payload=payloads.encode(payloads.Ask(question)))])
    return Reply(text="\n".join(lines), buttons=rows)
