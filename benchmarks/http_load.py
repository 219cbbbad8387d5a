"""Load benchmark of the HTTP server: 50 concurrent web clients asking through ``/api/chat``.

Why: ``cchc bench`` times the answerer alone; an office that opens the web chat to the
public sees the whole path (HTTP parsing, validation, rate limiter, storage writes, the
answer in a worker thread) under many clients at once, and a knowledge reload may happen
in the middle of it. This script measures both, on loopback only, for a bounded time.

It starts ``cchc serve`` as a separate process (one uvicorn worker, as deployed) over a
temporary data directory, then runs two phases with ``--clients`` closed-loop clients
(each sends its next question ``--think`` seconds after the previous answer arrives;
0, the default, is a saturation test):

1. steady: ``--seconds`` of questions;
2. reload: the same while ``POST /admin/reload`` rebuilds the store (the phase lasts until
   the reload has finished, and at least ``--seconds``).

Each client is one browser: its own keep-alive connection and session id, speaking plain
HTTP/1.1 over asyncio streams. Why not httpx here: the load generator shares the 2 cores
with the server, and httpx's async pool is slow under many concurrent requests
(encode/httpx#3215). Against the same warm server, 50 clients through one httpx pool
measured p95 520-580 ms where this client measures 137 ms: the tail was the generator's
own queue. httpx still makes the admin calls.

Questions come from ``tests/data/qa_dev.jsonl`` (158, cycled), each asked once before the
phases start: their query vectors are then in the embedder's cache, as for the common
questions of a server in service.
``--new-questions`` makes every question text unique (a counter is appended), so each one
pays the e5 embedding (about 20 ms of CPU): the worst case, bound by the model.

By Little's law a closed loop with no think time has a mean latency of about
clients / throughput; ``--think 2`` models 50 people reading each answer before asking
the next question.

The per-user rate limit is raised for the run (one closed-loop client asks far faster than
a person), so the numbers measure the server.

Run from the repository root::

    .venv/bin/python benchmarks/http_load.py                  # 50 clients, 15 s per phase
    .venv/bin/python benchmarks/http_load.py --think 2        # people who read the answers
    .venv/bin/python benchmarks/http_load.py --new-questions  # no question asked twice
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
ADMIN_TOKEN = "benchmark-admin-token"
# Hard bounds whatever the arguments: the run always stops by itself.
MAX_PHASE_SECONDS = 300
MAX_REQUESTS_PER_PHASE = 200_000
REQUEST_TIMEOUT_S = 30.0


@dataclass
class Phase:
    """Client-side results of one phase."""

    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    note: str = ""

    def row(self, width: int = 8) -> str:
        """The phase as a table row, its name padded to ``width``."""
        done = len(self.latencies)
        if not done:
            return f"{self.name:<{width}} no successful requests, {self.errors} errors"
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
        return (f"{self.name:<{width}} {done:>7} {done / self.seconds:>8.1f} {cuts[49] * 1000:>8.0f} "
                f"{cuts[94] * 1000:>8.0f} {cuts[98] * 1000:>8.0f} {self.errors:>7}  {self.note}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _questions() -> list[str]:
    path = REPO / "tests" / "data" / "qa_dev.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def _seed_cache(data_dir: Path) -> None:
    """Copy the repository's embedding cache so the first build and the reload embed little."""
    source = REPO / "data" / "cache" / "embeddings.sqlite"
    if not source.exists():
        return
    target = data_dir / "cache" / "embeddings.sqlite"
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def _start_server(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CCHC_DATA_DIR": str(data_dir),
        "CCHC_KNOWLEDGE_DIR": str(REPO / "knowledge"),
        "CCHC_ADMIN_TOKEN": ADMIN_TOKEN,
        "CCHC_RATE_LIMIT_BURST": "100000",
        "CCHC_RATE_LIMIT_PER_MINUTE": "1000000",
        # All 50 clients share 127.0.0.1: lift the per-address limit too (issue 12).
        "CCHC_RATE_LIMIT_ADDRESS_BURST": "100000",
        "CCHC_RATE_LIMIT_ADDRESS_PER_MINUTE": "1000000",
        "HF_HUB_OFFLINE": "1",
    }
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    command = [sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    return subprocess.Popen(command, env=env, cwd=data_dir, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


async def _wait_ready(client: httpx.AsyncClient, server: subprocess.Popen[bytes], limit_s: float = 600) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited: {server.stderr.read().decode() if server.stderr else ''}")
        try:
            if (await client.get("/healthz")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.25)
    raise RuntimeError("server did not become healthy")


class _Connection:
    """One client's keep-alive HTTP/1.1 connection (reopened after an error)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post_json(self, path: str, payload: dict[str, str]) -> tuple[int, bytes]:
        if self._streams is None:
            self._streams = await asyncio.open_connection("127.0.0.1", self.port)
        reader, writer = self._streams
        body = json.dumps(payload).encode()
        writer.write(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nContent-Type: application/json\r\n"
                     f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
        data = await reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection") == "close":
            self.close()
        return int(lines[0].split(" ", 2)[1]), data

    def close(self) -> None:
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None


async def _client(port: int, number: int, questions: list[str], phase: Phase, stop: asyncio.Event,
                  budget: list[int], think: float, start_delay: float, unique: bool) -> None:
    session = f"bench-{number:04d}"
    index = number
    connection = _Connection(port)
    await asyncio.sleep(start_delay)
    while not stop.is_set() and budget[0] > 0:
        budget[0] -= 1
        question = questions[index % len(questions)]
        if unique:
            question = f"{question} (câu hỏi số {budget[0]})"
        index += 1
        started = time.perf_counter()
        try:
            status, data = await asyncio.wait_for(
                connection.post_json("/api/chat", {"session_id": session, "text": question}), REQUEST_TIMEOUT_S)
            ok = status == 200 and bool(json.loads(data)["replies"])
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError,
                ValueError, KeyError):
            connection.close()
            ok = False
        if ok:
            phase.latencies.append(time.perf_counter() - started)
        else:
            phase.errors += 1
        if think:
            try:  # a random-ish offset per client keeps them from asking in lockstep
                await asyncio.wait_for(stop.wait(), think * (0.5 + (index * 7919 % 100) / 100))
            except asyncio.TimeoutError:
                pass
    connection.close()


async def _warm_up(port: int, questions: list[str]) -> None:
    """Ask every question once, in turn: a server in service has seen its common questions."""
    connection = _Connection(port)
    for question in questions:
        await connection.post_json("/api/chat", {"session_id": "bench-warm-up", "text": question})
    connection.close()


async def _phase(client: httpx.AsyncClient, port: int, name: str, clients: int, seconds: float,
                 questions: list[str], reload: bool, think: float = 0.0, unique: bool = False) -> Phase:
    phase = Phase(name)
    stop = asyncio.Event()
    budget = [MAX_REQUESTS_PER_PHASE]
    started = time.perf_counter()
    # With think time, first questions are spread over one think period: people do not all
    # press Enter in the same millisecond.
    workers = [
        asyncio.create_task(_client(port, i, questions, phase, stop, budget, think, think * i / clients, unique))
        for i in range(clients)
    ]
    if reload:
        response = await client.post("/admin/reload", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                                      timeout=MAX_PHASE_SECONDS)
        reload_s = time.perf_counter() - started
        phase.note = f"reload HTTP {response.status_code} in {reload_s:.1f} s"
    remaining = min(seconds, MAX_PHASE_SECONDS) - (time.perf_counter() - started)
    if remaining > 0:
        await asyncio.sleep(remaining)
    stop.set()
    await asyncio.gather(*workers)
    phase.seconds = time.perf_counter() - started
    return phase


async def run(clients: int, seconds: float, think: float, unique: bool, data_dir: Path) -> list[Phase]:
    port = _free_port()
    server = _start_server(data_dir, port)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=REQUEST_TIMEOUT_S) as client:
            await _wait_ready(client, server)
            questions = _questions()
            await _warm_up(port, questions)
            steady = await _phase(client, port, "steady", clients, seconds, questions, False, think, unique)
            during = await _phase(client, port, "reload", clients, seconds, questions, True, think, unique)
            return [steady, during]
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--think", type=float, default=0.0, help="Seconds a client waits between questions.")
    parser.add_argument("--new-questions", action="store_true", help="Never ask the same text twice.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cchc-http-load-") as temp:
        data_dir = Path(temp) / "data"
        _seed_cache(data_dir)
        phases = asyncio.run(run(args.clients, args.seconds, args.think, args.new_questions, data_dir))
        shutil.rmtree(data_dir, ignore_errors=True)
    kind = "every question new" if args.new_questions else f"{len(_questions())} questions cycled"
    print(f"{args.clients} concurrent clients, think time {args.think:g} s, {kind}, POST /api/chat on loopback, "
          f"{os.cpu_count()} CPUs")
    print(f"{'phase':<8} {'answers':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for phase in phases:
        print(phase.row())


if __name__ == "__main__":
    main()
