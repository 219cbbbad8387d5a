"""The stack check behind ``make image-check`` (run by deploy/image-check.sh after the build).

Starts two containers of the image on the host network (ports 18081 and 18082), one data
volume between them, on a PostgreSQL database of their own on the host's server and the
host's Redis, and checks what an operator would: the image keeps its HEALTHCHECK, both
workers become healthy on the same build, each answers a question, a reload through one
reaches the other, and a restart keeps the data volume (same build, the question log kept).
When nginx is installed on the host it also runs ``deploy/nginx.workers.conf`` (upstreams
pointed at the two containers, port 18080) and checks that no request through it fails
while a worker restarts. Everything it creates is removed at the end.

No registry is reachable here, so PostgreSQL, Redis and nginx are the host's, not the
images ``compose.workers.yaml`` names.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import threading
import sys
import time
import urllib.error
import urllib.request
import uuid

PG_HOST_URL = os.environ.get("CCHC_IMAGE_CHECK_PG", "postgresql://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("CCHC_IMAGE_CHECK_REDIS", "redis://127.0.0.1:6379/0")
TOKEN = "image-check-admin-token"
QUESTION = "Chỉ số PAR INDEX là gì?"
PORTS = {"app1": 18081, "app2": 18082}
PROXY_PORT = 18080
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def start_nginx(workdir: str) -> subprocess.Popen[bytes] | None:
    """deploy/nginx.workers.conf in front of the two containers, or None without nginx."""
    if shutil.which("nginx") is None:
        print("== nginx not installed: the proxy is not checked", flush=True)
        return None
    with open(os.path.join(REPO, "deploy", "nginx.workers.conf"), encoding="utf-8") as fh:
        site = fh.read()
    site = site.replace("listen 80;", f"listen 127.0.0.1:{PROXY_PORT};")
    for name, port in PORTS.items():
        site = site.replace(f"server {name}:8080", f"server 127.0.0.1:{port}")
    conf = os.path.join(workdir, "nginx.conf")
    with open(conf, "w", encoding="utf-8") as fh:
        fh.write(f"daemon off;\npid {workdir}/nginx.pid;\nerror_log {workdir}/error.log;\nevents {{}}\n"
                 f"http {{\n access_log off;\n client_body_temp_path {workdir};\n proxy_temp_path {workdir};\n"
                 f"{site}\n}}\n")
    subprocess.run(["nginx", "-t", "-c", conf], check=True, capture_output=True)
    proxy = subprocess.Popen(["nginx", "-c", conf])
    time.sleep(1)
    return proxy


def podman(*args: str, check: bool = True) -> str:
    command = ["podman", "--runtime", "runc", *args]
    result = subprocess.run(command, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)}: {result.stderr.strip()}")
    return result.stdout.strip()


def psql(sql: str) -> None:
    subprocess.run(["psql", f"{PG_HOST_URL}/postgres", "-qc", sql], check=True)


def call(port: int, path: str, body: dict | None = None, admin: bool = False, post: bool = False) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    method = "POST" if data is not None or post else "GET"
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if admin:
        request.add_header("Authorization", f"Bearer {TOKEN}")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def wait_healthy(name: str, timeout: float = 300) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status, health = call(PORTS[name], "/healthz")
            if status == 200:
                return health
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        if podman("inspect", "--format", "{{.State.Running}}", name, check=False) != "true":
            raise RuntimeError(f"{name} stopped:\n{podman('logs', name, check=False)[-3000:]}")
        time.sleep(1)
    raise RuntimeError(f"{name} not healthy after {timeout:.0f} s:\n{podman('logs', name, check=False)[-3000:]}")


def step(text: str) -> None:
    print(f"== {text}", flush=True)


def main(image: str) -> None:
    database = f"cchc_image_check_{uuid.uuid4().hex[:8]}"
    volume = f"cchc-check-{uuid.uuid4().hex[:6]}"
    healthcheck = podman("image", "inspect", "--format", "{{json .Config.Healthcheck}}", image)
    assert "healthz" in healthcheck, f"the image lost its HEALTHCHECK: {healthcheck}"
    psql(f'CREATE DATABASE "{database}"')
    podman("volume", "create", volume)
    workdir = tempfile.mkdtemp(prefix="cchc-image-check-")
    try:
        for name, port in PORTS.items():
            podman("run", "-d", "--name", name, "--network", "host", "-v", f"{volume}:/data",
                   "-e", f"CCHC_PORT={port}", "-e", f"CCHC_WORKER_ID={name}", "-e", f"CCHC_ADMIN_TOKEN={TOKEN}",
                   "-e", f"CCHC_DATABASE_URL={PG_HOST_URL}/{database}", "-e", f"CCHC_REDIS_URL={REDIS_URL}", image)
            health = wait_healthy(name)  # app1 first: it builds the store into the shared volume
            step(f"{name} healthy: {health}")
        builds = {call(port, "/healthz")[1]["build"] for port in PORTS.values()}
        assert len(builds) == 1, f"the workers answer from different builds: {builds}"
        for name, port in PORTS.items():
            status, reply = call(port, "/api/chat", {"session_id": f"check-{name}", "text": QUESTION})
            assert status == 200 and "PAR INDEX" in reply["replies"][0]["text"], reply
            step(f"{name} answered: {reply['replies'][0]['text'][:80]!r}")
        status, reloaded = call(PORTS["app1"], "/admin/reload", admin=True, post=True)
        assert status == 200, reloaded
        deadline = time.monotonic() + 15
        while call(PORTS["app2"], "/healthz")[1]["build"] != reloaded["build"]:
            assert time.monotonic() < deadline, "app2 did not follow the reload"
            time.sleep(0.5)
        step(f"reload through app1 reached app2: build {reloaded['build']}")
        proxy = start_nginx(workdir)
        through: list[int] = []
        stop = threading.Event()

        def ask_through_proxy() -> None:
            n = 0
            while not stop.is_set():
                n += 1
                try:
                    through.append(call(PROXY_PORT, "/api/chat", {"session_id": f"proxy-{n:06d}", "text": QUESTION})[0])
                except OSError:
                    through.append(-1)

        if proxy is not None:
            status, reply = call(PROXY_PORT, "/api/chat", {"session_id": "check-proxy", "text": QUESTION})
            assert status == 200 and "PAR INDEX" in reply["replies"][0]["text"], reply
            step("nginx (nginx.workers.conf) answers in front of both workers")
            asker = threading.Thread(target=ask_through_proxy, daemon=True)
            asker.start()
        asked = call(PORTS["app1"], "/admin/stats", admin=True)[1]["questions_window"]
        podman("restart", "--time", "15", "app1")
        wait_healthy("app1")
        if proxy is not None:
            time.sleep(2)
            stop.set()
            asker.join(timeout=60)
            proxy.terminate()
            proxy.wait(timeout=10)
            assert through and set(through) == {200}, f"through nginx during the restart: {sorted(set(through))}"
            step(f"{len(through)} requests through nginx while app1 restarted: all answered")
        after = call(PORTS["app1"], "/healthz")[1]
        assert after["build"] == reloaded["build"], after
        assert call(PORTS["app1"], "/admin/stats", admin=True)[1]["questions_window"] >= asked
        status, reply = call(PORTS["app1"], "/api/chat", {"session_id": "check-restart", "text": QUESTION})
        assert status == 200, reply
        step(f"app1 restarted on the kept volume: build {after['build']}, its {asked} logged questions kept")
        step("image check passed")
    finally:
        for name in PORTS:
            podman("rm", "-f", "-t", "5", name, check=False)
        podman("volume", "rm", "-f", volume, check=False)
        shutil.rmtree(workdir, ignore_errors=True)
        psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


if __name__ == "__main__":
    main(sys.argv[1])
