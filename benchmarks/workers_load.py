"""Load benchmark of several workers: SQLite vs PostgreSQL for one worker, one vs two on PostgreSQL.

Why: the move to PostgreSQL (issue 16) should cost little for one worker, and a second
worker should add throughput where the cores allow it. This script answers both on the
same questions, with the same closed-loop clients as ``benchmarks/http_load.py`` (imported
from it: one keep-alive HTTP/1.1 connection and session per client, questions from
``tests/data/qa_dev.jsonl`` each asked once before the phase).

Configurations, each started afresh over its own temporary data directory:

* ``sqlite x1``: one ``cchc serve``, the embedded SQLite (the default);
* ``postgres x1``: one worker on a PostgreSQL database of its own (created and dropped here);
* ``postgres x2``: two workers on one PostgreSQL database, the clients spread over both
  (client *i* talks to worker *i mod 2*, as a round-robin proxy would send them).

The PostgreSQL runs share the rate limit through Redis (``CCHC_REDIS_URL``), as a
multi-worker deployment would; the limit itself is raised so that it never refuses. On a
2-core machine the load generator and the workers share the cores: two workers compete with
each other and with the clients, so the x2 figures show the cost and the robustness of a
second worker here, not the scaling a machine with more cores would give.

Run from the repository root (PostgreSQL and Redis on 127.0.0.1, as on the CI machines)::

    .venv/bin/python benchmarks/workers_load.py                # 50 clients, 15 s per configuration
    .venv/bin/python benchmarks/workers_load.py --seconds 30 --only "postgres x2"
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_load import (  # noqa: E402 - the sibling script's client and phase record
    ADMIN_TOKEN,
    MAX_PHASE_SECONDS,
    MAX_REQUESTS_PER_PHASE,
    REPO,
    Phase,
    _client,
    _free_port,
    _questions,
    _seed_cache,
    _wait_ready,
    _warm_up,
)

PG_ADMIN_URL = os.environ.get("CCHC_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("CCHC_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
CONFIGURATIONS = {"sqlite x1": ("sqlite", 1), "postgres x1": ("postgres", 1), "postgres x2": ("postgres", 2)}


async def _admin(sql: str) -> None:
    import asyncpg  # a benchmark-side tool: the database is created here, outside the assistant

    connection = await asyncpg.connect(PG_ADMIN_URL)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def _start(data_dir: Path, port: int, worker: str, extra: dict[str, str]) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CCHC_")}
    env.update({
        "CCHC_DATA_DIR": str(data_dir), "CCHC_KNOWLEDGE_DIR": str(REPO / "knowledge"), "CCHC_ADMIN_TOKEN": ADMIN_TOKEN,
        "CCHC_RATE_LIMIT_BURST": "100000", "CCHC_RATE_LIMIT_PER_MINUTE": "1000000", "CCHC_WORKER_ID": worker,
        "HF_HUB_OFFLINE": "1", **extra,
    })
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    command = [sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    return subprocess.Popen(command, env=env, cwd=data_dir, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


async def _steady(ports: list[int], clients: int, seconds: float, questions: list[str]) -> Phase:
    phase = Phase("steady")
    stop = asyncio.Event()
    budget = [MAX_REQUESTS_PER_PHASE]
    started = time.perf_counter()
    tasks = [asyncio.create_task(_client(ports[i % len(ports)], i, questions, phase, stop, budget, 0.0, 0.0, False))
             for i in range(clients)]
    await asyncio.sleep(min(seconds, MAX_PHASE_SECONDS))
    stop.set()
    await asyncio.gather(*tasks)
    phase.seconds = time.perf_counter() - started
    return phase


async def run(name: str, clients: int, seconds: float) -> Phase:
    backend, count = CONFIGURATIONS[name]
    database = f"cchc_bench_{uuid.uuid4().hex[:10]}"
    extra: dict[str, str] = {}
    if backend == "postgres":
        await _admin(f'CREATE DATABASE "{database}"')
        extra = {"CCHC_DATABASE_URL": PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{database}", "CCHC_REDIS_URL": REDIS_URL}
    with tempfile.TemporaryDirectory(prefix="cchc-workers-load-") as temp:
        data_dir = Path(temp) / "data"
        data_dir.mkdir()
        _seed_cache(data_dir)
        ports = [_free_port() for _ in range(count)]
        servers: list[subprocess.Popen[bytes]] = []
        try:
            # The first worker builds the store; the second starts once it exists (and loads it).
            for n, port in enumerate(ports):
                servers.append(_start(data_dir, port, f"bench-{n + 1}", extra))
                async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
                    await _wait_ready(client, servers[-1])
            questions = _questions()
            for port in ports:
                await _warm_up(port, questions)
            phase = await _steady(ports, clients, seconds, questions)
            phase.name = name
            return phase
        finally:
            for server in servers:
                server.send_signal(signal.SIGINT)
            for server in servers:
                try:
                    server.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    server.kill()
            if backend == "postgres":
                await _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--only", choices=sorted(CONFIGURATIONS), action="append",
                        help="Run only this configuration (repeatable).")
    args = parser.parse_args()
    names = args.only or list(CONFIGURATIONS)
    phases = [asyncio.run(run(name, args.clients, args.seconds)) for name in names]
    print(f"{args.clients} concurrent clients back to back, {len(_questions())} questions cycled, "
          f"POST /api/chat on loopback, {args.seconds:g} s per configuration, {os.cpu_count()} CPUs "
          "shared by the clients and the workers")
    print(f"{'configuration':<14} {'answers':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for phase in phases:
        print(phase.row(width=14))


if __name__ == "__main__":
    main()
