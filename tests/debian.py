"""Real programs from Debian's packages for the tests that use them as people do (Chromium,
LibreOffice): installed with apt-get when missing and the tests run as root (or with password-less
sudo), as on CI; elsewhere those tests are skipped with a message saying how to install them."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import tempfile

import pytest


@contextlib.contextmanager
def machine_lock(name: str):
    """One process at a time on this machine in the block: the suite runs in several pytest-xdist
    workers, and two apt-get (or npm ci into one folder) at once make the second fail and its tests skip."""
    with open(os.path.join(tempfile.gettempdir(), f"velvoite-tests-{name}.lock"), "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)


def _install(packages: list[str], programs: tuple[str, ...]) -> str | None:
    """Try to install ``packages``; return why not, or None when one of ``programs`` is there after."""
    with machine_lock("apt-get"):  # (apt-get install of what another worker installed meanwhile does nothing)
        return _apt_get(packages, programs)


def _apt_get(packages: list[str], programs: tuple[str, ...]) -> str | None:
    if not shutil.which("apt-get"):
        return "no apt-get on this machine"
    prefix = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
    if prefix is None:
        return "not root and no sudo"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = prefix + ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    done = None
    for attempt in (install, prefix + ["apt-get", "update"], install):
        done = subprocess.run(attempt, capture_output=True, text=True, env=env, timeout=900)
        if done.returncode == 0 and attempt is install and any(shutil.which(p) for p in programs):
            return None
    text = (done.stderr or done.stdout).strip() if done else ""
    return text.splitlines()[-1] if text else "apt-get failed"


def program(programs: tuple[str, ...], packages: list[str]) -> str:
    """The path of the first of ``programs`` found, installing ``packages`` if none is; else skip."""
    found = next(filter(None, map(shutil.which, programs)), None)
    if found:
        return found
    why = _install(packages, programs)
    found = next(filter(None, map(shutil.which, programs)), None)
    if not found:
        pytest.skip(f"{programs[0]} is not available ({why}); install it with: sudo apt-get install {' '.join(packages)}")
    return found
