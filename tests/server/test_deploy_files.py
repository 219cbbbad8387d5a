"""The deployment files keep what must survive a rebuilt container on the data volume (issue 12).

Docker used to keep uploads in the image's ``knowledge/uploads``: a rebuilt container lost
them. The image and both compose files must point ``CCHC_UPLOADS_DIR`` into the volume and
outside the knowledge directory the image ships. ``make image-check`` starts the image for
real; this reads the files, so it runs in every test run.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _dockerfile() -> tuple[dict[str, str], list[PurePosixPath]]:
    """The image's ENV settings and VOLUME paths."""
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    env: dict[str, str] = {}
    for line in re.findall(r"^ENV\s+(.*)$", text, re.M):
        env.update(dict(re.findall(r"(\w+)=(\S+)", line)))
    volumes = [PurePosixPath(p) for line in re.findall(r"^VOLUME\s+(.*)$", text, re.M)
               for p in re.findall(r"/[^\"\s\],]*", line)]
    return env, volumes


def test_the_image_keeps_uploads_on_its_data_volume() -> None:
    env, volumes = _dockerfile()
    uploads = PurePosixPath(env["CCHC_UPLOADS_DIR"])
    assert any(uploads.is_relative_to(volume) for volume in volumes), (uploads, volumes)
    assert not uploads.is_relative_to(env["CCHC_KNOWLEDGE_DIR"])
    assert PurePosixPath(env["CCHC_DATA_DIR"]) in volumes


@pytest.mark.parametrize("compose", ["compose.yaml", "compose.workers.yaml"])
def test_every_app_service_keeps_uploads_on_a_named_volume(compose: str) -> None:
    spec = yaml.safe_load((DEPLOY / compose).read_text(encoding="utf-8"))
    apps = {name: service for name, service in spec["services"].items() if "build" in service or
            str(service.get("image", "")).startswith("cchc")}
    assert apps
    for name, service in apps.items():
        uploads = PurePosixPath(service["environment"]["CCHC_UPLOADS_DIR"])
        mounts = [m.split(":") for m in service.get("volumes", [])]
        named = [PurePosixPath(target) for source, target, *_ in mounts if source in (spec.get("volumes") or {})]
        assert any(uploads.is_relative_to(target) for target in named), (compose, name, uploads, named)
