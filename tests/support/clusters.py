"""Throwaway PostgreSQL clusters of the tests' own: one that checks passwords over TLS, a
primary with a hot standby. Servers run as the `postgres` system user when the tests run
as root (initdb refuses root)."""

import os
import re
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from support.project import run

# The server binaries of the newest PostgreSQL installed here.
PG_BIN = max(
    Path("/usr/lib/postgresql").glob("*/bin"),
    key=lambda path: int(path.parent.name),
    default=Path("/usr/lib/postgresql/none/bin"),
)
AS_OWNER = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def owned(path: Path) -> Path:
    if AS_OWNER:
        shutil.chown(path, "postgres")
    return path


@contextmanager
def cluster_home(prefix: str) -> Iterator[Path]:
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"no PostgreSQL server binaries in {PG_BIN}")
    home = owned(Path(tempfile.mkdtemp(prefix=prefix)))
    try:
        yield home
    finally:
        shutil.rmtree(home, ignore_errors=True)


def initdb(home: Path, *options: str) -> Path:
    data = home / "data"
    initdb = [PG_BIN / "initdb", "-D", data, "-U", "postgres", "-E", "UTF8", "--no-sync"]
    run(*AS_OWNER, *initdb, *options, cwd=home)
    return data


@contextmanager
def running(home: Path, data: Path, port: int, *settings: str) -> Iterator[None]:
    """The server of `data` on 127.0.0.1:`port`, with `-c` settings; stopped after."""
    options = " ".join(
        [f"-p {port}", "-c listen_addresses=127.0.0.1", f"-c unix_socket_directories={home}"]
        + [f"-c {setting}" for setting in settings]
    )
    pg_ctl = [*AS_OWNER, PG_BIN / "pg_ctl", "-D", data, "-l", home / f"{data.name}.log"]
    run(*pg_ctl, "-o", options, "-w", "start", cwd=home)
    try:
        yield
    finally:
        run(*pg_ctl, "-m", "immediate", "-w", "stop", cwd=home, check=False)


def self_signed_certificate(home: Path) -> tuple[Path, Path]:
    """A certificate and key for localhost, readable only by the server's user."""
    cert, key = home / "server.crt", home / "server.key"
    request = ["req", "-new", "-x509", "-days", "2", "-nodes", "-subj", "/CN=localhost"]
    subprocess.run(
        ["openssl", *request, "-keyout", key, "-out", cert], check=True, capture_output=True
    )
    key.chmod(0o600)
    return owned(cert), owned(key)


@contextmanager
def primary_and_standby() -> Iterator[tuple[int, int]]:
    """A primary (trusting loopback) and a hot standby streaming from it; their ports."""
    with cluster_home("replicated_") as home:
        primary = initdb(home, "--auth=trust")
        port, standby_port = free_port(), free_port()
        with running(home, primary, port):
            standby = home / "standby"
            backup = [PG_BIN / "pg_basebackup", "-h", "127.0.0.1", "-p", str(port), "-D", standby]
            run(
                *AS_OWNER,
                *backup,
                *["-U", "postgres", "-R", "--checkpoint=fast", "--no-sync"],
                cwd=home,
            )
            with running(home, standby, standby_port, "hot_standby=on"):
                yield port, standby_port


@contextmanager
def scram_cluster(password: str, *, tls_only: bool = False) -> Iterator[tuple[Path, Path, int]]:
    """A server that checks passwords (scram-sha-256, as the official image's does) for the
    user `postgres` with `password`, taking TCP connections over TLS only if `tls_only`;
    its home, data directory and port. Restart it with `restart`."""
    with cluster_home("scram_") as home:
        secret = home / "password"
        secret.write_text(password + "\n")
        owned(secret)
        data = initdb(home, "--auth=scram-sha-256", f"--pwfile={secret}")
        settings: tuple[str, ...] = ()
        if tls_only:
            hba = data / "pg_hba.conf"
            hba.write_text(re.sub(r"^host(\s)", r"hostssl\1", hba.read_text(), flags=re.MULTILINE))
            cert, key = self_signed_certificate(home)
            settings = ("ssl=on", f"ssl_cert_file={cert}", f"ssl_key_file={key}")
        port = free_port()
        with running(home, data, port, *settings):
            yield home, data, port


def environment(port: int, password: str) -> dict[str, str]:
    """What a baked project reaches a cluster of the tests' own with, as user `postgres`."""
    return {
        "DATABASE_URL": "",
        "POSTGRES_HOST": "127.0.0.1",
        "POSTGRES_PORT": str(port),
        "POSTGRES_USER": "postgres",
        "POSTGRES_PASSWORD": password,
        "POSTGRES_DB": "postgres",
    }


def restart(home: Path, data: Path) -> None:
    """Stop the server of `data` (fast: sessions are ended) and start it with the same
    settings."""
    pg_ctl = [*AS_OWNER, PG_BIN / "pg_ctl", "-D", data, "-l", home / f"{data.name}.log"]
    run(*pg_ctl, "-m", "fast", "-w", "restart", cwd=home)
