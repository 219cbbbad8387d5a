"""Parse one untrusted file in a separate process, bounded in time and memory.

Why: the readers bound what they can see coming (declared sizes, page counts, text
length), but a parser library can still spend minutes or gigabytes inside one call on a
crafted file, and a thread cannot be stopped. A child process can: it runs under an
address-space limit (``RLIMIT_AS``) and is killed when the time is up. A file that
would have exhausted the server's memory is then only a refusal, never a crash (and never
a crash loop through a replayed upload).

Protocol: the parent writes one JSON request to the child's stdin (path, knowledge dir,
limits, memory bound) and reads one JSON object from its stdout: ``{"parsed": …}`` (a
``ParsedDocument``) or ``{"error": "read" | "limit", …}``. Run as
``python -m indexer.isolated``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from indexer.errors import DocumentLimitError, DocumentReadError
from indexer.limits import ReadLimits
from indexer.models import ParsedDocument

# Exit status of a child that ran out of memory (MemoryError) rather than failing to read.
_EXIT_MEMORY = 3


def parse_isolated(
    path: Path, knowledge_dir: Path, limits: ReadLimits, *, timeout_s: float, memory_mb: int
) -> ParsedDocument:
    """``indexer.parse.parse_file`` in a child process.

    Args:
        path: The file (inside ``knowledge_dir``).
        knowledge_dir: Root its document id is relative to.
        limits: Bounds the readers enforce.
        timeout_s: Wall-clock time the child may take; it is killed after.
        memory_mb: Address space of the child.

    Returns:
        The parsed document, exactly as ``parse_file`` returns it.

    Raises:
        DocumentLimitError: Past a bound of ``limits``, out of time (``seconds``) or out of
            memory (``memory_mb``).
        DocumentReadError: The file cannot be read, or the child failed otherwise.
    """
    request = {
        "path": str(path), "knowledge_dir": str(knowledge_dir), "limits": dataclasses.asdict(limits),
        "memory_mb": memory_mb,
    }
    # The child must import this very code: hand it the parent's module search path.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "indexer.isolated"], input=json.dumps(request).encode(),
            capture_output=True, timeout=timeout_s, env=env, check=False,
        )
    except subprocess.TimeoutExpired:
        raise DocumentLimitError(path, "seconds", None, timeout_s) from None
    # MemoryError, or killed by a signal: C code that cannot allocate aborts rather than raising.
    if done.returncode == _EXIT_MEMORY or done.returncode < 0:
        raise DocumentLimitError(path, "memory_mb", None, memory_mb)
    try:
        reply = json.loads(done.stdout)
    except ValueError:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise DocumentReadError(path, f"validation failed (exit {done.returncode}): {detail[0][:200]}") from None
    return _result(path, reply)


def _result(path: Path, reply: dict[str, Any]) -> ParsedDocument:
    if "parsed" in reply:
        return ParsedDocument.model_validate(reply["parsed"])
    if reply.get("error") == "limit":
        raise DocumentLimitError(path, reply["limit"], reply["found"], reply["maximum"])
    raise DocumentReadError(path, str(reply.get("reason", "unreadable")))


def _child() -> int:
    """The child's side: bound memory, parse, answer on stdout."""
    request = json.loads(sys.stdin.buffer.read())
    limit = int(request["memory_mb"]) * 1024 * 1024
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # no such limit on this platform: time still bounds it
        pass
    try:
        from indexer.parse import parse_file  # after the limit: the parser stack counts too

        try:
            parsed = parse_file(Path(request["path"]), Path(request["knowledge_dir"]), ReadLimits(**request["limits"]))
            reply: dict[str, Any] = {"parsed": parsed.model_dump(mode="json")}
        except DocumentLimitError as exc:
            reply = {"error": "limit", "limit": exc.limit, "found": exc.found, "maximum": exc.maximum}
        except DocumentReadError as exc:
            reply = {"error": "read", "reason": exc.reason}
        sys.stdout.buffer.write(json.dumps(reply).encode("ascii"))  # ASCII: whatever the locale
    except MemoryError:
        return _EXIT_MEMORY
    return 0


if __name__ == "__main__":
    sys.exit(_child())
