"""Loading the survey file, cached on its size and mtime (an edit is picked up without a restart)."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from bot.quiz.bank import FileCache
from bot.quiz.errors import BankError
from bot.survey.models import SurveyDefinition


def load_survey(path: Path) -> SurveyDefinition | None:
    """The survey of ``path``; None when the file does not exist (the survey is then off).

    Raises:
        BankError: Unreadable YAML or invalid fields (file named, with what to fix).
    """
    if not path.exists():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise BankError(path, f"cannot read the file ({exc})") from exc
    except yaml.YAMLError as exc:
        raise BankError(path, f"not valid YAML ({exc}); check indentation and quotes") from exc
    if not isinstance(data, dict):
        raise BankError(path, "expected a mapping with 'id', 'title', 'key_question' and 'questions'")
    try:
        return SurveyDefinition.model_validate(data)
    except ValidationError as exc:
        reasons = "; ".join(
            f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}" if error["loc"] else error["msg"]
            for error in exc.errors()
        )
        raise BankError(path, reasons) from exc


def survey_cache(path: Path) -> FileCache[SurveyDefinition | None]:
    """A cached :func:`load_survey` over ``path``."""
    return FileCache(path, load_survey, lambda p: [p])
