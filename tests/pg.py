"""A throw-away PostgreSQL cluster for tests: Debian's postgresql binaries, `initdb` into a
temporary folder and `pg_ctl` on a free loopback port, run as an unprivileged user (the
`postgres` system user when the tests run as root). Skipped on a developer machine without
PostgreSQL; in CI (CI=true) missing PostgreSQL fails (.ci/run installs it)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def bindir() -> Path | None:
    """The folder of initdb/pg_ctl/postgres (Debian keeps them out of PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def require_postgres() -> Path:
    where = bindir()
    if where is not None:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            where = None
    if where is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL and psycopg are required in CI (.ci/run installs postgresql)")
        pytest.skip("PostgreSQL not installed (apt-get install postgresql; pip install psycopg[binary])")
    return where


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def cluster(folder: Path) -> Iterator[str]:
    """Start a cluster in folder; yield its DSN; stop it and remove it afterwards."""
    where = require_postgres()
    folder.mkdir(parents=True, exist_ok=True)
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: run as the postgres system user
        user = "postgres" if shutil.which("runuser") and _user_exists("postgres") else "nobody"
        shutil.chown(folder, user)
        folder.chmod(0o700)
        as_user = ["runuser", "-u", user, "--"]
    data, port = folder / "data", _free_port()
    run = lambda *args: subprocess.run([*as_user, *args], check=True, capture_output=True, text=True,  # noqa: E731
                                       timeout=120)
    run(str(where / "initdb"), "-D", str(data), "-U", "disclose", "--auth=trust", "-E", "UTF8",
        "--locale=C.UTF-8")
    run(str(where / "pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "log"), "-o",
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=64MB", "start")
    try:
        yield f"postgresql://disclose@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, str(where / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False
