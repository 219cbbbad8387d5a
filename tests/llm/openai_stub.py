"""A local stand-in for an OpenAI-compatible chat-completions server, on 127.0.0.1.

Why it exists: the model is the network edge. The client, the composer and the web
stream must be tested over real HTTP (status codes, JSON bodies, server-sent events,
slow replies) without a model or a network; the stand-in speaks the wire format of
``POST /v1/chat/completions`` (vLLM, llama.cpp, Ollama and providers share it) and lets
a test script each reply: a draft built from the passages it was sent, a status code, a
raw body, a delay, no choices, a refusal, a cut-off.

Standard library only (``http.server`` in a thread), so it runs beside any event loop;
``benchmarks/llm_answers.py`` does not need it (it talks to a real server).

Usage::

    stub = OpenAIStub()
    stub.start()
    stub.script = lambda request: Behaviour(content=faithful_draft(request))
    settings = settings.model_copy(update={"llm_url": stub.url, "llm_model": "stub"})
    ...
    stub.stop()
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# A streamed draft is sent in pieces of this many characters...
STREAM_PIECE_CHARS = 12
# ...this far apart (seconds), so that a page has time to show the drafted length.
STREAM_PIECE_DELAY_S = 0.05


@dataclass
class Behaviour:
    """One scripted reply. ``raw`` replaces the whole body; ``status`` >= 400 sends an error."""

    content: str = ""
    status: int = 200
    raw: bytes | None = None
    delay: float = 0.0
    no_choices: bool = False
    finish_reason: str = "stop"
    refusal: str | None = None
    piece_delay: float = STREAM_PIECE_DELAY_S


Script = Callable[[dict[str, Any]], Behaviour]


def question_of(request: dict[str, Any]) -> str:
    """The question in the user message ("Câu hỏi: …")."""
    user = request["messages"][-1]["content"]
    match = re.search(r"^Câu hỏi(?: mới nhất)?: (.*)$", user, re.MULTILINE)
    return match.group(1) if match else ""


def passages_of(request: dict[str, Any]) -> dict[int, str]:
    """The numbered passages of the user message: ``{n: text}`` (citation line left out)."""
    user = request["messages"][-1]["content"]
    found: dict[int, str] = {}
    for block in re.split(r"\n\n(?=\[\d+\] \(Nguồn: )", user):
        head = re.match(r"\[(\d+)\] \(Nguồn: [^\n]*\)\n", block)
        if head:
            found[int(head.group(1))] = block[head.end():]
    return found


def first_sentence(text: str) -> str:
    """The first full line of a passage that is a sentence (not a lead-in), cut at its first full stop."""
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:[-+*•]|\d+[.)])\s+", "", line).strip()
        if len(line.split()) >= 5 and not line.endswith(":") and not line.startswith("Lưu ý"):
            cut = re.search(r"[.!?](?=\s)", line)
            return (line[: cut.start()] if cut else line.rstrip(".!?")).strip()
    raise ValueError("no sentence in the passage")


def faithful_draft(request: dict[str, Any], number: int = 1) -> str:
    """A draft a careful model would write: a sentence of passage ``number``, copied and cited."""
    return f"{first_sentence(passages_of(request)[number])} [{number}]."


def faithful(request: dict[str, Any]) -> Behaviour:
    """The default script."""
    return Behaviour(content=faithful_draft(request))


class OpenAIStub:
    """The stand-in server; ``calls`` records every request body, ``script`` decides each reply."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.script: Script = faithful
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The base URL to configure (``CCHC_LLM_URL``)."""
        assert self._server is not None, "start() first"
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def start(self) -> None:
        """Listen on a free loopback port in a daemon thread."""
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                if not self.path.endswith("/chat/completions"):
                    self._send(404, b'{"error": "not found"}')
                    return
                with stub._lock:
                    stub.calls.append(body)
                    stub.in_flight += 1
                    stub.max_in_flight = max(stub.max_in_flight, stub.in_flight)
                try:
                    behaviour = stub.script(body)
                    if behaviour.delay:
                        time.sleep(behaviour.delay)
                    self._reply(body, behaviour)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (its timeout): nothing to do
                finally:
                    with stub._lock:
                        stub.in_flight -= 1

            def _reply(self, body: dict[str, Any], behaviour: Behaviour) -> None:
                if behaviour.raw is not None or behaviour.status >= 400:
                    raw = behaviour.raw if behaviour.raw is not None else b'{"error": {"message": "stand-in error"}}'
                    self._send(behaviour.status, raw)
                elif body.get("stream"):
                    self._stream(behaviour)
                else:
                    self._send(200, json.dumps(_completion(behaviour)).encode())

            def _send(self, status: int, raw: bytes, kind: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def _stream(self, behaviour: Behaviour) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                pieces = [behaviour.content[i : i + STREAM_PIECE_CHARS]
                          for i in range(0, len(behaviour.content), STREAM_PIECE_CHARS)]
                chunks: list[dict[str, Any]] = [{"delta": {"role": "assistant"}, "finish_reason": None}]
                chunks += [{"delta": {"content": piece}, "finish_reason": None} for piece in pieces]
                chunks += [{"delta": {}, "finish_reason": behaviour.finish_reason}]
                if behaviour.no_choices:
                    chunks = []
                for choice in chunks:
                    event = {"id": "stub", "object": "chat.completion.chunk", "choices": [{"index": 0, **choice}]}
                    self.wfile.write(f"data: {json.dumps(event, ensure_ascii=False)}\n\n".encode())
                    self.wfile.flush()
                    time.sleep(behaviour.piece_delay)
                if behaviour.no_choices:
                    self.wfile.write(b'data: {"id": "stub", "choices": []}\n\n')
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False  # a scripted slow reply must not hold up stop()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop listening."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def reset(self) -> None:
        """Forget the calls and go back to the faithful script."""
        self.calls.clear()
        self.script = faithful
        self.max_in_flight = 0


def _completion(behaviour: Behaviour) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": behaviour.content}
    if behaviour.refusal is not None:
        message = {"role": "assistant", "content": None, "refusal": behaviour.refusal}
    choices = [] if behaviour.no_choices else [{"index": 0, "message": message, "finish_reason": behaviour.finish_reason}]
    return {"id": "stub", "object": "chat.completion", "model": "stub", "choices": choices}
