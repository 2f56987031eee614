"""A throwaway PostgreSQL server for tests and benchmarks: initdb + pg_ctl in a temporary directory, on a
unix socket and a free port, run as a non-root user (Debian's `postgres` account when we are root).

`CHATBI_TEST_POSTGRES_URL` points the tests at an existing server instead (a database they may fill).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ADMIN = "chatbi_admin"
READER = "chatbi_reader"
DATABASE = "chatbi_demo"
SEARCH_DIRS = ("/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin")
INSTALL_HINT = "install Debian's postgresql package (apt-get install postgresql), or run make test as root"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL binaries, or the server would not start; the message says what to install."""


def postgres_bin() -> Path | None:
    for directory in (os.environ.get("CHATBI_PG_BIN", ""), *SEARCH_DIRS):
        if directory and (Path(directory) / "initdb").is_file():
            return Path(directory)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


@contextmanager
def temporary_server() -> Iterator[str]:
    """Start a server with an empty database `chatbi_demo`; yield the admin's URL; stop and delete it."""
    binaries = postgres_bin()
    if binaries is None:
        raise PostgresUnavailable(f"PostgreSQL server binaries not found; {INSTALL_HINT}.")
    base = Path(tempfile.mkdtemp(prefix="chatbi-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(base, ignore_errors=True)
            raise PostgresUnavailable("Running as root but there is no 'postgres' user to run the server.") from None
        os.chown(base, account.pw_uid, account.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data, port = base / "data", _free_port()
    started = False
    try:
        _run([*run_as, str(binaries / "initdb"), "-D", str(data), "-U", ADMIN, "--auth=trust", "-E", "UTF8",
              "--locale=C", "--no-sync"])  # fmt: skip
        options = (
            f"-k {base} -p {port} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        _run([*run_as, str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(base / "log"), "-w",
              "-t", "60", "start"])  # fmt: skip
        started = True
        url = f"postgresql://{ADMIN}@/postgres?host={base}&port={port}"
        import psycopg

        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f"CREATE DATABASE {DATABASE}")
        yield f"postgresql://{ADMIN}@/{DATABASE}?host={base}&port={port}"
    finally:
        if started:
            subprocess.run([*run_as, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                           capture_output=True, check=False)  # fmt: skip
        shutil.rmtree(base, ignore_errors=True)


def grant_reader(admin_url: str, tables: list[str]) -> str:
    """The least-privilege role of docs/connect.md: LOGIN, SELECT on `tables` only. Returns its URL."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as con:
        exists = con.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [READER]).fetchone()
        if not exists:
            with contextlib.suppress(psycopg.errors.DuplicateObject, psycopg.errors.UniqueViolation):
                con.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(READER)))  # another worker won
        database = con.info.dbname
        con.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(sql.Identifier(database)))
        con.execute(
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), sql.Identifier(READER))
        )
        con.execute(sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
        con.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(sql.Identifier(READER)))
        for table in tables:
            con.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(sql.Identifier(table), sql.Identifier(READER)))
    return admin_url.replace(f"postgresql://{ADMIN}@", f"postgresql://{READER}@", 1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        program = next(Path(part).name for part in command if "/bin/" in part)
        raise PostgresUnavailable(f"{program} failed: {(done.stderr or done.stdout).strip()[-500:]}")


def create_database(admin_url: str, name: str) -> str:
    """A fresh, empty database `name` on the server of `admin_url` (dropped first if it exists); its URL."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as con:
        con.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        con.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    parts = urlsplit(admin_url)
    return parts._replace(path=f"/{name}").geturl()


def main(argv: list[str]) -> int:
    """`python -m tests.pg_server run -- COMMAND...`: run COMMAND with one PostgreSQL server for the whole run
    (its URL in CHATBI_TEST_POSTGRES_URL, shared by every pytest worker), then stop the server."""
    if len(argv) < 3 or argv[:2] != ["run", "--"]:
        print("usage: python -m tests.pg_server run -- COMMAND...", file=sys.stderr)
        return 2
    command = argv[2:]
    if os.environ.get("CHATBI_TEST_POSTGRES_URL"):
        return subprocess.run(command, check=False).returncode
    try:
        with temporary_server() as url:
            env = {**os.environ, "CHATBI_TEST_POSTGRES_URL": url}
            return subprocess.run(command, env=env, check=False).returncode
    except PostgresUnavailable as exc:
        print(f"PostgreSQL tests: {exc}", file=sys.stderr)
        return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
