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

By Little's law a closed loop with no think time has a mean latency of about
clients / throughput, so with 50 clients and ~10 ms of CPU per answer on 2 cores the
latency is set by the queue, not by the server; ``--think 2`` models 50 people reading
each answer before asking the next question.

Each client has its own session id. The per-user rate limit is raised for the run (one
closed-loop client asks far faster than a person), so the numbers measure the server.

Run from the repository root::

    .venv/bin/python benchmarks/http_load.py                  # 50 clients, 15 s per phase
    .venv/bin/python benchmarks/http_load.py --think 2             # people who read the answers
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

    def row(self) -> str:
        done = len(self.latencies)
        if not done:
            return f"{self.name:<8} no successful requests, {self.errors} errors"
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
        return (f"{self.name:<8} {done:>7} {done / self.seconds:>8.1f} {cuts[49] * 1000:>8.0f} "
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


async def _client(client: httpx.AsyncClient, number: int, questions: list[str], phase: Phase,
                  stop: asyncio.Event, budget: list[int], think: float, start_delay: float) -> None:
    session = f"bench-{number:04d}"
    index = number
    await asyncio.sleep(start_delay)
    while not stop.is_set() and budget[0] > 0:
        budget[0] -= 1
        question = questions[index % len(questions)]
        index += 1
        started = time.perf_counter()
        try:
            response = await client.post("/api/chat", json={"session_id": session, "text": question})
            ok = response.status_code == 200 and bool(response.json()["replies"])
        except (httpx.HTTPError, ValueError, KeyError):
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


async def _phase(client: httpx.AsyncClient, name: str, clients: int, seconds: float, questions: list[str],
                 reload: bool, think: float = 0.0) -> Phase:
    phase = Phase(name)
    stop = asyncio.Event()
    budget = [MAX_REQUESTS_PER_PHASE]
    started = time.perf_counter()
    # With think time, first questions are spread over one think period: people do not all
    # press Enter in the same millisecond.
    workers = [asyncio.create_task(_client(client, i, questions, phase, stop, budget, think, think * i / clients)) for i in range(clients)]
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


async def run(clients: int, seconds: float, think: float, data_dir: Path) -> list[Phase]:
    port = _free_port()
    server = _start_server(data_dir, port)
    limits = httpx.Limits(max_connections=clients + 4, max_keepalive_connections=clients + 4)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits,
                                     timeout=REQUEST_TIMEOUT_S) as client:
            await _wait_ready(client, server)
            questions = _questions()
            await _phase(client, "warm-up", min(clients, 8), 2.0, questions, reload=False)
            steady = await _phase(client, "steady", clients, seconds, questions, reload=False, think=think)
            during = await _phase(client, "reload", clients, seconds, questions, reload=True, think=think)
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cchc-http-load-") as temp:
        data_dir = Path(temp) / "data"
        _seed_cache(data_dir)
        phases = asyncio.run(run(args.clients, args.seconds, args.think, data_dir))
        shutil.rmtree(data_dir, ignore_errors=True)
    print(f"{args.clients} concurrent clients, think time {args.think:g} s, POST /api/chat on loopback, "
          f"{os.cpu_count()} CPUs")
    print(f"{'phase':<8} {'answers':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for phase in phases:
        print(phase.row())


if __name__ == "__main__":
    main()
