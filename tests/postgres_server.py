"""A pytest plugin that runs the suite on a real PostgreSQL server it starts itself.

`pytest --database=postgresql` runs initdb and pg_ctl in a temporary directory (as the unprivileged
`postgres` user when run as root), points DATABASE_URL at it before Django is set up, and stops and
removes the server afterwards. A missing server binary is an error, never a skip.
"""

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

_state: dict = {}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database",
        choices=["sqlite", "postgresql"],
        default=os.environ.get("BCSALES_TEST_DATABASE", "sqlite"),
        help="Database to run the suite on; postgresql starts a private server.",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config, parser, args) -> None:
    if early_config.known_args_namespace.database != "postgresql":
        os.environ.pop("DATABASE_URL", None)
        return
    if os.environ.get("PYTEST_XDIST_WORKER") and os.environ.get("DATABASE_URL"):
        return
    os.environ["DATABASE_URL"] = _start_server()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _state:
        _run(["pg_ctl", "-D", _state["data"], "-m", "fast", "-w", "stop"], check=False)
        shutil.rmtree(_state["root"], ignore_errors=True)
        _state.clear()


def _bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for version_dir in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (version_dir / name).exists():
            return str(version_dir / name)
    raise pytest.UsageError(
        f"PostgreSQL's {name} was not found: install Debian's postgresql package (scripts/test.sh does)."
    )


def _run(command: list[str], check: bool = True) -> subprocess.CompletedProcess:
    command = [_bin(command[0]), *command[1:]]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=check, capture_output=True, text=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_server() -> str:
    root = Path(tempfile.mkdtemp(prefix="bcsales-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            raise pytest.UsageError(
                "Running as root needs the 'postgres' user from Debian's postgresql package."
            ) from None
        os.chown(root, owner.pw_uid, owner.pw_gid)
    port = _free_port()
    _state.update(root=str(root), data=str(data))
    try:
        _run(["initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"])
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200"
        _run(["pg_ctl", "-D", str(data), "-o", options, "-l", str(root / "server.log"), "-w", "start"])
    except subprocess.CalledProcessError as failure:
        raise pytest.UsageError(f"PostgreSQL did not start: {failure.stderr or failure.stdout}") from None
    return f"postgresql://postgres@127.0.0.1:{port}/bcsales"
