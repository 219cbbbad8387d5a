"""The citizens' survey dialogue, channel-agnostic: the offer after a 👍, ``/khaosat`` and ``sv:`` buttons.

The flow per person and period::

    👍 on an answer ──(not asked this period, never skipped)──▶ offer
        ├─(sv:x "Không, cảm ơn")──▶ skipped: never offered again (/khaosat still works)
        └─(sv:j "Tham gia")──▶ question 1 ──(sv:a)──▶ … question N ──▶ place (sv:p, optional) ──▶ thanks
              every question has "Dừng khảo sát" (sv:x): stopped = skipped, answers kept

State lives only in SQLite (``bot.storage.survey``), keyed by the pseudonym of
``bot.survey.identity``; this module never sees or stores a ``users`` row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timezone

from bot import messages, payloads
from bot.config import Settings
from bot.dialogue.models import Button, Incoming, Reply
from bot.quiz.errors import BankError
from bot.quiz.models import UnitList
from bot.quiz.report import parse_period
from bot.storage.database import LOCAL_TZ, Storage
from bot.storage.survey import SurveyResponse, SurveyStore
from bot.survey.identity import load_salt, pseudonym
from bot.survey.loader import survey_cache
from bot.survey.models import SurveyDefinition
from bot.survey.targets import targets_report_replies

log = logging.getLogger(__name__)
# Place 0 is "not stated"; the survey file's places are numbered from 1 in ``sv:p`` payloads.
NO_PLACE = 0


def _button(label: str, payload: payloads.Payload) -> Button:
    return Button(label=label, payload=payloads.encode(payload))


def _one(text: str, buttons: list[list[Button]] | None = None) -> list[Reply]:
    return [Reply(text=text, buttons=buttons or [])]


class SurveyFlow:
    """Survey offers, ``/khaosat`` and survey buttons for one process (cheap to construct)."""

    def __init__(
        self, storage: Storage, settings: Settings, *, clock: Callable[[], datetime] | None = None
    ) -> None:
        """Args:
        storage: Open storage (only its survey tables are used).
        settings: The survey file, the salt setting and the data directory.
        clock: Current time (UTC); injectable so tests can move between periods.
        """
        self._storage = storage
        self._store = SurveyStore(storage)
        self._settings = settings
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self._survey = survey_cache(settings.survey_path)
        self._salt: bytes | None = None

    @property
    def store(self) -> SurveyStore:
        """The survey queries (reports and tests read through it)."""
        return self._store

    def definition(self) -> SurveyDefinition | None:
        """The survey in force; None when there is none or the file is broken (logged, never shown to citizens)."""
        try:
            return self._survey.get()
        except BankError:
            log.warning("The survey file cannot be used; no survey is offered", exc_info=True)
            return None

    def respondent(self, incoming: Incoming) -> str:
        """The pseudonym of the sender (the only identity the survey stores)."""
        if self._salt is None:
            self._salt = load_salt(self._settings)
        return pseudonym(self._salt, incoming.channel, incoming.user_id)

    def today(self) -> date:
        """The local (UTC+7) day: periods and stored dates are local days."""
        return self._clock().astimezone(LOCAL_TZ).date()

    # ------------------------------------------------------------------ entry points

    async def after_helpful(self, incoming: Incoming) -> list[Reply]:
        """After a 👍: the offer, if this person was not asked this period and never said no; else nothing."""
        survey = self.definition()
        if survey is None:
            return []
        day = self.today()
        response_id = await self._store.offer(
            survey=survey.id, period=survey.period_key(day), respondent=self.respondent(incoming),
            channel=incoming.channel, day=day,
        )
        if response_id is None:
            return []
        buttons = [[
            _button(messages.SURVEY_JOIN_BUTTON, payloads.Survey("join", response_id)),
            _button(messages.SURVEY_DECLINE_BUTTON, payloads.Survey("skip", response_id)),
        ]]
        return _one(messages.SURVEY_OFFER.format(count=len(survey.questions)), buttons)

    async def start(self, incoming: Incoming) -> list[Reply]:
        """``/khaosat``: the person asks for the survey (also after having declined it)."""
        survey = self.definition()
        if survey is None:
            return _one(messages.SURVEY_OFF)
        day = self.today()
        response = await self._store.open(
            survey=survey.id, period=survey.period_key(day), respondent=self.respondent(incoming),
            channel=incoming.channel, day=day,
        )
        if response.status == "done":
            return _one(messages.SURVEY_ALREADY_DONE)
        intro = messages.SURVEY_INTRO.format(count=len(survey.questions)) if response.answered == 0 else ""
        return await self._next(survey, response, intro)

    async def on_payload(self, incoming: Incoming, payload: payloads.Survey) -> list[Reply]:
        """An ``sv:`` button, decoded by ``bot.payloads``; only the presser's own response is touched."""
        survey = self.definition()
        if survey is None:
            return _one(messages.SURVEY_OFF)
        who = self.respondent(incoming)
        response = await self._store.response(response_id=payload.response_id)
        if response is None or response.respondent != who or response.survey != survey.id:
            return _one(messages.SURVEY_STALE)
        day = self.today()
        if payload.action == "join":
            if not await self._store.join(response_id=response.id, respondent=who, day=day):
                return _one(messages.SURVEY_ALREADY_DONE if response.status == "done" else messages.SURVEY_STALE)
            return await self._next(survey, await self._fresh(response))
        if payload.action == "skip":
            if not await self._store.skip(response_id=response.id, respondent=who, day=day):
                return _one(messages.SURVEY_STALE)
            return _one(messages.SURVEY_DECLINED if response.answered == 0 else messages.SURVEY_STOPPED)
        if payload.action == "answer":
            return await self._answer(survey, response, payload.question, payload.option)
        return await self._place(survey, response, payload.option)

    async def report(self, args: str, units: UnitList) -> list[Reply]:
        """``/baocao [from] [to]``: both targets side by side with their chart, and the survey CSV.

        A period that does not parse gives nothing here: the quiz part of ``/baocao`` already
        explains the format.
        """
        try:
            since, until, label = parse_period(args, now=self._clock())
        except ValueError:
            return []
        return await targets_report_replies(
            self._storage, units, self.definition(), since=since, until=until, period_label=label
        )

    # ------------------------------------------------------------------ steps

    async def _answer(self, survey: SurveyDefinition, response: SurveyResponse, index: int, option: int) -> list[Reply]:
        if index >= len(survey.questions) or option >= len(survey.questions[index].options):
            return _one(messages.SURVEY_STALE)
        question = survey.questions[index]
        outcome = await self._store.record_answer(
            response_id=response.id, respondent=response.respondent, position=index, question_id=question.id,
            option_id=question.options[option].id, day=self.today(),
        )
        if outcome == "duplicate":
            return await self._next(survey, await self._fresh(response), messages.SURVEY_DUPLICATE)
        if outcome != "recorded":
            return _one(messages.SURVEY_ALREADY_DONE if response.status == "done" else messages.SURVEY_STALE)
        return await self._next(survey, await self._fresh(response))

    async def _place(self, survey: SurveyDefinition, response: SurveyResponse, number: int) -> list[Reply]:
        if number > len(survey.places) or response.answered < len(survey.questions):
            return _one(messages.SURVEY_STALE)
        place = survey.places[number - 1].id if number != NO_PLACE else None
        if not await self._store.finish(response_id=response.id, respondent=response.respondent, day=self.today(),
                                        place=place):
            return _one(messages.SURVEY_ALREADY_DONE if response.status == "done" else messages.SURVEY_STALE)
        return _one(messages.SURVEY_THANKS)

    async def _next(self, survey: SurveyDefinition, response: SurveyResponse, intro: str = "") -> list[Reply]:
        """The next unanswered question, the place question, or the end of the survey."""
        if response.answered < len(survey.questions):
            return [self._question(survey, response, intro)]
        if survey.places:
            rows = [[_button(place.name, payloads.Survey("place", response.id, option=number))]
                    for number, place in enumerate(survey.places, start=1)]
            rows.append([_button(messages.SURVEY_PLACE_NONE, payloads.Survey("place", response.id, option=NO_PLACE))])
            return _one(messages.SURVEY_PLACE_PROMPT, rows)
        if not await self._store.finish(response_id=response.id, respondent=response.respondent, day=self.today()):
            return _one(messages.SURVEY_ALREADY_DONE)
        return _one(messages.SURVEY_THANKS)

    @staticmethod
    def _question(survey: SurveyDefinition, response: SurveyResponse, intro: str) -> Reply:
        """One question; an option per row (labels are short sentences) and "Dừng khảo sát" last."""
        index = response.answered
        question = survey.questions[index]
        text = messages.SURVEY_QUESTION.format(number=index + 1, total=len(survey.questions), question=question.text)
        rows = [[_button(option.label, payloads.Survey("answer", response.id, question=index, option=number))]
                for number, option in enumerate(question.options)]
        rows.append([_button(messages.SURVEY_STOP_BUTTON, payloads.Survey("skip", response.id))])
        return Reply(text=f"{intro}\n\n{text}" if intro else text, buttons=rows)

    async def _fresh(self, response: SurveyResponse) -> SurveyResponse:
        fresh = await self._store.response(response_id=response.id)
        assert fresh is not None  # responses are never deleted
        return fresh
