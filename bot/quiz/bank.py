"""Loading and validating the curated question bank (``knowledge/quiz/*.yaml``) and the unit list.

Offices edit these files by hand, so every error names the file and the question id and
says what to change. Both loaders are cached on the files' size and modification time:
an edited file is picked up by the next quiz without restarting the bot, and an unchanged
one is not re-parsed on every ``/quiz``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import yaml
from pydantic import ValidationError

from bot.quiz.errors import BankError
from bot.quiz.models import QuizQuestion, UnitList

log = logging.getLogger(__name__)

BANK_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class QuestionBank:
    """The curated questions of one load, in file order."""

    questions: tuple[QuizQuestion, ...]

    def get(self, question_id: str) -> QuizQuestion | None:
        """The question with this id, or None."""
        return next((q for q in self.questions if q.id == question_id), None)

    def __len__(self) -> int:
        return len(self.questions)


def _read_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise BankError(path, f"cannot read the file ({exc})") from exc
    except yaml.YAMLError as exc:
        raise BankError(path, f"not valid YAML ({exc}); check indentation and quotes") from exc


def _validation_reason(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"])
        parts.append(f"{where}: {error['msg']}" if where else error["msg"])
    return "; ".join(parts)


def load_questions(path: Path) -> list[QuizQuestion]:
    """The questions of one YAML file (a list of mappings, or a mapping with ``questions:``).

    Raises:
        BankError: Unreadable YAML, or an entry that fails validation (file and id named).
    """
    data = _read_yaml(path)
    if isinstance(data, dict):
        data = data.get("questions")
    if data is None:
        return []
    if not isinstance(data, list):
        raise BankError(path, "expected a list of questions (or a 'questions:' list)")
    questions = []
    for number, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            raise BankError(path, "each question must be a mapping of fields", f"#{number}")
        item = str(entry.get("id") or f"#{number}")
        if entry.get("origin", "curated") != "curated":
            raise BankError(path, "bank files hold curated questions; drop the 'origin' field", item)
        try:
            questions.append(QuizQuestion.model_validate(entry))
        except ValidationError as exc:
            raise BankError(path, _validation_reason(exc), item) from exc
    return questions


def load_bank(directory: Path) -> QuestionBank:
    """Every ``*.yaml``/``*.yml`` under ``directory`` (sorted), ids unique across files.

    A missing directory is an empty bank (a fresh install without the shipped questions).

    Raises:
        BankError: A bad file or entry, or an id used twice (both places named).
    """
    questions: list[QuizQuestion] = []
    seen: dict[str, Path] = {}
    for path in _bank_files(directory):
        for question in load_questions(path):
            if question.id in seen:
                raise BankError(path, f"id already used in {seen[question.id].name}; ids must be unique", question.id)
            seen[question.id] = path
            questions.append(question)
    return QuestionBank(tuple(questions))


def load_units(path: Path) -> UnitList:
    """The unit list; a missing file means no units (the quiz then does not ask for one).

    Raises:
        BankError: Invalid YAML or fields.
    """
    if not path.exists():
        return UnitList()
    data = _read_yaml(path) or {}
    if not isinstance(data, dict):
        raise BankError(path, "expected a mapping with 'organisation', 'target' and 'units'")
    try:
        return UnitList.model_validate(data)
    except ValidationError as exc:
        raise BankError(path, _validation_reason(exc)) from exc


def _bank_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.rglob("*") if p.suffix.lower() in BANK_SUFFIXES and p.is_file())


T = TypeVar("T")


class FileCache(Generic[T]):
    """``loader(path)`` re-run only when the files it reads change (size or mtime)."""

    def __init__(self, path: Path, loader: Callable[[Path], T], files: Callable[[Path], Iterable[Path]]) -> None:
        """Args:
        path: The file or directory handed to ``loader``.
        loader: Parses and validates.
        files: The files whose change invalidates the cache.
        """
        self._path = path
        self._loader = loader
        self._files = files
        self._lock = threading.Lock()
        self._signature: tuple[tuple[str, int, int], ...] | None = None
        self._value: T | None = None

    def get(self) -> T:
        """The loaded value, reloaded if a file changed.

        Raises:
            BankError: From the loader; the previous value is not kept, so a broken edit is
                noticed at once rather than silently ignored.
        """
        with self._lock:
            signature = tuple(
                (str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in self._files(self._path) if p.exists()
            )
            if self._value is None or signature != self._signature:
                self._value = self._loader(self._path)
                self._signature = signature
            return self._value


def bank_cache(directory: Path) -> FileCache[QuestionBank]:
    """A cached :func:`load_bank` over ``directory``."""
    return FileCache(directory, load_bank, _bank_files)


def units_cache(path: Path) -> FileCache[UnitList]:
    """A cached :func:`load_units` over ``path``."""
    return FileCache(path, load_units, lambda p: [p])
