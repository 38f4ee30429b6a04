"""`python -m shop.stack`: the whole shop in one command (database, Redis, web, worker, jobs)."""

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from dotenv import load_dotenv

from shop.config import PROJECT_ROOT

EMBEDDED_FOLDER = PROJECT_ROOT / "instance" / "embedded"
DEFAULT_PORT = 5000
STOP_TIMEOUT = 10  # seconds a process gets to finish its work before it is killed
START_TIMEOUT = 60  # seconds the web server gets to accept connections


class StopRequested(Exception):
    """SIGINT or SIGTERM arrived: stop the shop."""


def _request_stop(signum, frame):
    # Only the first signal counts; the rest would interrupt the clean-up.
    _ignore_stop_signals()
    raise StopRequested


def _ignore_stop_signals():
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def flask_command(*args):
    return [sys.executable, "-m", "flask", "--app", "wsgi", *args]


def start_child(args, env):
    """Start a `flask` command in its own process group, so a Ctrl-C reaches only this launcher."""
    return subprocess.Popen(flask_command(*args), cwd=PROJECT_ROOT, env=env, process_group=0)  # noqa: S603


def _signal_group(process, signum):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def stop_processes(processes):
    """Ask each process group to stop, kill what is left after STOP_TIMEOUT, reap them all."""
    for process in processes:
        if process.poll() is None:
            _signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
        # Also ends what the process left in its group, such as an RQ work horse.
        _signal_group(process, signal.SIGKILL)
        process.wait()


def read_port(env):
    """The web server's port from PORT, checked to be free now rather than after the set-up."""
    raw = env.get("PORT") or str(DEFAULT_PORT)
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise SystemExit(f"hanout: configuration error: PORT must be a TCP port (got {raw!r})")
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", int(raw)))
        except OSError:
            raise SystemExit(f"hanout: port {raw} is in use; set PORT to another one") from None
    return int(raw)


def start_embedded_services(env, folder, stoppers):
    """Start an embedded PostgreSQL and Redis for whichever of the two URLs `env` lacks."""
    if env.get("DATABASE_URL") and env.get("REDIS_URL"):
        return
    from shop import embedded

    print(f"hanout: starting embedded services in {folder}", flush=True)
    if not env.get("DATABASE_URL"):
        server, env["DATABASE_URL"] = embedded.start_postgres(folder, "hanout")
        stoppers.append(server.cleanup)
    if not env.get("REDIS_URL"):
        process, env["REDIS_URL"] = embedded.start_redis(folder)
        stoppers.append(lambda: stop_processes([process]))


def run_step(args, env):
    """Run a one-off `flask` command to its end and return its exit code."""
    process = start_child(args, env)
    try:
        return process.wait()
    finally:
        stop_processes([process])


def wait_until_serving(port, children):
    """Return True once the web server accepts connections, False if a child died first."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if any(process.poll() is not None for process in children.values()):
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.2)
    print(f"hanout: the web server did not answer on port {port}", file=sys.stderr)
    return False


def watch(children):
    """Wait until one child exits, say which, and return a failure exit code."""
    while True:
        for name, process in children.items():
            code = process.poll()
            if code is not None:
                print(f"hanout: the {name} stopped (exit {code}); stopping", file=sys.stderr)
                return code if code > 0 else 1
        time.sleep(0.2)


def welcome(port):
    """The address of the shop and the demo logins, as printed once everything runs."""
    from shop.demo import DEMO_STAFF

    lines = [f"hanout is running at http://127.0.0.1:{port}/", "Demo logins (email / password):"]
    lines += [f"  {role:<8} {email:<22} {password}" for role, _, email, _, password in DEMO_STAFF]
    lines.append("Press Ctrl-C to stop.")
    return "\n".join(lines)


def run_shop(env, folder, stoppers, children):
    """Prepare the database, start the three processes and supervise them; return an exit code."""
    port = read_port(env)
    start_embedded_services(env, folder, stoppers)
    for step in (("db", "upgrade"), ("demo", "load", "--if-empty")):
        code = run_step(step, env)
        if code:
            return code
    children["web server"] = start_child(("run", "--host", "127.0.0.1", "--port", str(port)), env)
    children["worker"] = start_child(("worker",), env)
    children["scheduler"] = start_child(("scheduler",), env)
    if not wait_until_serving(port, children):
        return 1
    print(welcome(port), flush=True)
    return watch(children)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m shop.stack", description=__doc__)
    parser.add_argument(
        "--embedded-folder",
        type=Path,
        default=EMBEDDED_FOLDER,
        help="where the embedded PostgreSQL and Redis keep their files (default: %(default)s)",
    )
    options = parser.parse_args(argv)
    signal.signal(signal.SIGINT, _request_stop)
    signal.signal(signal.SIGTERM, _request_stop)
    load_dotenv(PROJECT_ROOT / ".env", override=False)
    env = dict(os.environ)
    stoppers = []
    children = {}
    try:
        return run_shop(env, options.embedded_folder.resolve(), stoppers, children)
    except StopRequested:
        return 0
    finally:
        _ignore_stop_signals()
        stop_processes(list(children.values()))
        for stop in reversed(stoppers):
            stop()


if __name__ == "__main__":
    sys.exit(main())
