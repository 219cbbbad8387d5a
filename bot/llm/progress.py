"""Where a streamed draft reports its progress: a context variable the web route sets.

The route that streams to the browser (``POST /api/chat/stream``) sets a sink for the
request; the composer, deep inside the core, streams from the model only when one is
set and reports the drafted length to it. The core needs no new parameter, and no draft
text ever reaches the sink: only its length, before the verifier has ruled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

ProgressSink = Callable[[int], None]

_SINK: ContextVar[ProgressSink | None] = ContextVar("cchc_draft_progress", default=None)


@contextmanager
def reporting_progress(sink: ProgressSink) -> Iterator[None]:
    """Within this block (and tasks started in it), drafts report their length to ``sink``."""
    token = _SINK.set(sink)
    try:
        yield
    finally:
        _SINK.reset(token)


def current_sink() -> ProgressSink | None:
    """The sink of the current request, if it streams."""
    return _SINK.get()
