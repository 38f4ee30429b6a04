"""The embedded default path: PostgreSQL and Redis in a folder, and `python -m shop.stack`."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import psycopg2
import pytest
import redis

from shop import embedded

ROOT = Path(__file__).resolve().parent.parent
SHOP_ENV_PREFIXES = ("DATABASE_URL", "REDIS_URL", "SHOP_", "FEATURE_", "HANOUT_", "FLASK_", "PORT")


@pytest.fixture
def folder():
    """A folder for embedded servers outside pytest's temporary root, which a concurrent pytest
    run makes private again, locking out the PostgreSQL system user."""
    path = Path(tempfile.mkdtemp(prefix="hanout-embedded-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def shop_env(**values):
    """This process's environment without any shop setting, plus `values`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(SHOP_ENV_PREFIXES)}
    return {**env, "SECRET_KEY": "embedded-test-secret-key-0123456789abcdef", **values}


def processes_of(folder):
    """Processes whose command line names `folder`, with descendants: {process: (name, argv)}."""
    found = {}
    for process in psutil.process_iter(["cmdline"]):
        if any(str(folder) in part for part in process.info["cmdline"] or ()):
            with contextlib.suppress(psutil.NoSuchProcess):
                for member in [process, *process.children(recursive=True)]:
                    found[member] = (member.name(), member.cmdline())
    return found


def still_running(processes):
    def alive(process):
        try:
            return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    return [process for process in processes if alive(process)]


def programs(processes):
    return {name for name, _ in processes.values()}


def test_embedded_services_take_migrations_answer_queries_and_stop(folder):
    services = embedded.start(folder, "hanout_embedded")
    try:
        running = processes_of(folder)
        env = shop_env(DATABASE_URL=services.database_url, REDIS_URL=services.redis_url)
        subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        connection = psycopg2.connect(services.database_url)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM products")
                assert cursor.fetchone() == (0,)
                cursor.execute("SELECT count(*) FROM alembic_version")
                assert cursor.fetchone() == (1,)
        finally:
            connection.close()
        assert redis.Redis.from_url(services.redis_url).ping()
    finally:
        services.stop()

    assert {"postgres", "redis-server"} <= programs(running)
    assert still_running(running) == []
    assert still_running(processes_of(folder)) == []


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tail(log, size=4000):
    return log.read_text()[-size:]


def wait_for_health(url, stack, log, timeout=300):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert stack.poll() is None, f"the stack exited early:\n{tail(log)}"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {timeout} s:\n{tail(log)}")


def wait_for_text(text, log, timeout=30):
    """The stack prints its welcome once it has seen the web server answer, just after us."""
    deadline = time.monotonic() + timeout
    while text not in log.read_text():
        assert time.monotonic() < deadline, f"{text!r} never printed:\n{tail(log)}"
        time.sleep(0.2)


def test_stack_serves_the_shop_and_ctrl_c_stops_every_process(folder):
    log = folder / "stack.log"
    port = free_port()
    with log.open("w") as output:
        stack = subprocess.Popen(
            [sys.executable, "-m", "shop.stack", "--embedded-folder", str(folder)],
            cwd=ROOT,
            env=shop_env(PORT=str(port)),
            stdout=output,
            stderr=subprocess.STDOUT,
            process_group=0,  # a terminal sends Ctrl-C to the foreground group: this one
        )
    address = f"http://127.0.0.1:{port}/"
    try:
        wait_for_health(f"{address}healthz", stack, log)
        wait_for_text(address, log)
        running = processes_of(folder)
        os.killpg(stack.pid, signal.SIGINT)
        assert stack.wait(timeout=60) == 0, tail(log)
    finally:
        if stack.poll() is None:
            stack.kill()
            stack.wait()

    assert {"postgres", "redis-server"} <= programs(running)
    flask_commands = [argv[4:6] for _, argv in running.values()]
    assert ["wsgi", "run"] in flask_commands
    assert ["wsgi", "worker"] in flask_commands
    assert ["wsgi", "scheduler"] in flask_commands
    assert still_running(running) == []
    assert still_running(processes_of(folder)) == []
