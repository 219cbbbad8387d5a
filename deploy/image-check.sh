#!/bin/sh
# `make image-check`: build the image with podman and start the stack for real (not in `make test`).
#
# Where no image registry is reachable, a Debian bookworm root made with debootstrap and
# imported into podman stands in for python:3.11-slim (`podman build --from`); pip inside
# the build uses the machine's CA certificates (mounted read-only). podman runs as root with
# runc and a containers.conf that sets no default ulimits (the sandbox refuses them).
# Then deploy/image_check.py starts two app containers on the host network, sharing one data
# volume, on a PostgreSQL database of their own (created and dropped) on the host's server,
# and checks health, a question on each, a reload reaching both, nginx.workers.conf in front
# of them losing no request while one restarts, and a restart that keeps the data volume.
set -eu
cd "$(dirname "$0")/.."
WORK=${CCHC_IMAGE_CHECK_DIR:-/var/tmp/cchc-image-check}
BASE=localhost/cchc-bookworm-python:latest
IMAGE=localhost/cchc-assistant:check
PYTHON=${PYTHON:-python3}  # the stack check needs only the standard library

need() { command -v "$1" >/dev/null 2>&1; }
if ! need podman || ! need runc || ! need debootstrap || ! need nginx; then
    apt-get update -qq
    # nginx: the host's, to run deploy/nginx.workers.conf in front of the two containers.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc debootstrap nginx >/dev/null
fi
mkdir -p "$WORK"
printf '[containers]\ndefault_ulimits = []\n' > "$WORK/containers.conf"
CONTAINERS_CONF="$WORK/containers.conf"
export CONTAINERS_CONF
podman() { command podman --runtime runc "$@"; }

if ! podman image exists "$BASE"; then
    echo "== debootstrap a bookworm root for $BASE"
    rm -rf "$WORK/root"
    debootstrap --variant=minbase --include=python3,python3-venv,python3-pip,python-is-python3,ca-certificates \
        bookworm "$WORK/root" http://deb.debian.org/debian >"$WORK/debootstrap.log" 2>&1 \
        || { tail -20 "$WORK/debootstrap.log"; exit 1; }
    tar -C "$WORK/root" -c . | podman import - "$BASE"
    rm -rf "$WORK/root"
fi

echo "== podman build $IMAGE (from $BASE)"
started=$(date +%s)
podman build --format docker --from "$BASE" --build-arg PIP_BREAK_SYSTEM_PACKAGES=1 \
    -v /etc/ssl/certs:/etc/ssl/certs:ro -f deploy/Dockerfile -t "$IMAGE" .
echo "== built in $(( $(date +%s) - started )) s"

exec "$PYTHON" deploy/image_check.py "$IMAGE"
