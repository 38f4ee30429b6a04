"""`python -m bench.run`: serve a 20,000-product shop with gunicorn and measure it under load.

It uses BENCH_DATABASE_URL and BENCH_REDIS_URL when set, else an embedded PostgreSQL and Redis kept
in instance/bench/ (the catalog is loaded once and reused by later runs), applies the migrations,
starts gunicorn with gunicorn.conf.py in production mode, drives the simulated visitors of
bench.load from this same machine, and prints a table per page type.
"""

import argparse
import asyncio
import base64
import contextlib
import functools
import gc
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg2

from bench.cpu import format_cpu, sample_cpu
from bench.load import saturate, simulate_visitors
from bench.report import format_errors, format_loop_lag, format_table, summarize
from bench.sales import StockChangeStream
from bench.targets import PAGES

ROOT = Path(__file__).resolve().parent.parent
BENCH_FOLDER = ROOT / "instance" / "bench"
START_TIMEOUT_SECONDS = 60
STOP_TIMEOUT_SECONDS = 30
VISITOR_DURATION = 60
MAX_DURATION = 20
SMOKE = {"users": 20, "duration": 10, "warmup": 2.0}
# The load generator's garbage collector, as the web workers' (gunicorn.conf.py): its pauses
# would be timed as the server's latency.
GC_THRESHOLDS = (50_000, 20, 20)
# A fixed piece of pure-Python work, timed before and after a run: a virtual machine's speed
# changes with its neighbours' load, and runs made at different speeds compare poorly.
SPEED_PROBE_LOOPS = 5_000_000


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--users", type=int, default=500, help="simulated visitors (500)")
    parser.add_argument(
        "--duration",
        type=float,
        help=f"measured seconds ({VISITOR_DURATION}; with --max, per level: {MAX_DURATION})",
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=20.0,
        help="seconds of cold start as the visitors arrive, reported apart (20)",
    )
    parser.add_argument("--think", type=think_range, default=(1.0, 3.0), help="seconds (1-3)")
    parser.add_argument("--smoke", action="store_true", help="20 visitors for 10 s")
    parser.add_argument(
        "--max",
        action="store_true",
        help="no think time: busy connections, to find the maximum throughput",
    )
    parser.add_argument(
        "--connections",
        type=lambda text: [int(part) for part in text.split(",")],
        default=[8, 32, 128],
        help="busy connections per --max level (8,32,128)",
    )
    parser.add_argument(
        "--uniform",
        action="store_true",
        help="every product, category and query equally popular: the worst case for caches",
    )
    parser.add_argument(
        "--sales-per-minute",
        type=float,
        default=0,
        help="stock writes a minute during the run, as a live shop's orders make (0)",
    )
    parser.add_argument("--products", type=int, default=20_000, help="catalog size (20000)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (gunicorn.conf.py's)")
    parser.add_argument("--threads", type=int, help="threads per worker (gunicorn.conf.py's)")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (a free one)")
    options = parser.parse_args(argv)
    if options.smoke:
        options.users, options.warmup = SMOKE["users"], SMOKE["warmup"]
        options.duration = options.duration or SMOKE["duration"]
    options.duration = options.duration or (MAX_DURATION if options.max else VISITOR_DURATION)
    return options


def think_range(text):
    low, _, high = text.partition("-")
    return float(low), float(high or low)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_services(stoppers):
    """DATABASE_URL and REDIS_URL of the bench's servers: BENCH_* or embedded ones."""
    from shop import embedded

    database_url = os.environ.get("BENCH_DATABASE_URL")
    redis_url = os.environ.get("BENCH_REDIS_URL")
    if not (database_url and redis_url):
        print(f"bench: embedded servers in {BENCH_FOLDER}", flush=True)
    if not database_url:
        server, database_url = embedded.start_postgres(BENCH_FOLDER, "hanout_bench")
        stoppers.append(server.cleanup)
    if not redis_url:
        process, redis_url = embedded.start_redis(BENCH_FOLDER)
        stoppers.append(lambda: stop_process(process))
    return database_url, redis_url


def stop_process(process):
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def flask(env, *args):
    subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env, check=True
    )


def sql(database_url, statement):
    """Run one statement in its own autocommit connection; returns its first row, if any."""
    connection = psycopg2.connect(database_url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
            return cursor.fetchone() if cursor.description else None
    finally:
        connection.close()


def product_count(database_url):
    return sql(database_url, "SELECT count(*) FROM products")[0]


def prepare_database(env, products):
    """Migrate, then load the demo auto-parts shop unless a catalog is already there."""
    flask(env, "db", "upgrade")
    loaded = product_count(env["DATABASE_URL"])
    if loaded:
        print(f"bench: reusing the loaded catalog ({loaded} products)", flush=True)
        return loaded
    print(f"bench: loading {products} demo products (once)", flush=True)
    flask(env, "demo", "load", "--profile", "autoparts", "--products", str(products))
    # What autovacuum would do in time on a live shop: fresh statistics (or the planner takes the
    # new tables for empty ones) and a visibility map, so index-only scans skip the table.
    sql(env["DATABASE_URL"], "VACUUM ANALYZE")
    return product_count(env["DATABASE_URL"])


def bench_app(env):
    """The shop app in this process, on the bench's database and Redis."""
    from shop.app import create_app

    os.environ.update(env)
    return create_app()


def read_targets(app, skew):
    """Categories, products and queries from the bench database, through the app's models.

    Also bumps the catalog version, so that the run starts with cold caches, as after a deploy:
    no page or catalog value cached by an earlier run is served.
    """
    from bench.targets import load_targets
    from shop.extensions import db
    from shop.services.cache import bump_catalog_version

    with app.app_context():
        targets = load_targets(skew=skew)
        bump_catalog_version()
        db.engine.dispose()
    return targets


def bench_pii_key():
    """The bench shop's key for customers' personal data, kept with its database."""
    key_file = BENCH_FOLDER / "pii_key"
    if not key_file.exists():
        BENCH_FOLDER.mkdir(parents=True, exist_ok=True)
        key_file.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    return key_file.read_text().strip()


def server_env(database_url, redis_url, options, port):
    env = {
        **os.environ,
        "HANOUT_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "PII_KEY": bench_pii_key(),
        "SHOP_PROFILE": "autoparts",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }
    if options.workers:
        env["WEB_CONCURRENCY"] = str(options.workers)
    if options.threads:
        env["WEB_THREADS"] = str(options.threads)
    return env


def start_gunicorn(env, log_path):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with open(log_path, "wb") as log:
        return subprocess.Popen(  # noqa: S603 (the venv's gunicorn, fixed arguments)
            [str(gunicorn), "--config", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def wait_until_ready(base_url, process, log_path):
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"bench: gunicorn stopped (exit {process.returncode}); see {log_path}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{base_url}/readyz", timeout=2) as response,  # noqa: S310
        ):
            if response.status == 200:
                return
        time.sleep(0.3)
    raise SystemExit(f"bench: gunicorn did not become ready; see {log_path}")


def report(title, recorder, judged=True):
    rows = summarize(recorder, list(PAGES))
    print(f"\n{title}")
    print(format_table(rows, judged))
    errors = format_errors(recorder)
    if errors:
        print(f"errors:\n{errors}")
    loop_lag = format_loop_lag(recorder)
    if loop_lag:
        print(loop_lag)
    if len(recorder.cpu_samples) == 2:
        print(format_cpu(*recorder.cpu_samples, rows[-1].requests))


def run_visitors(base_url, targets, options, read_cpu):
    cold_start, measured = asyncio.run(
        simulate_visitors(
            base_url,
            targets,
            options.users,
            options.duration,
            options.think,
            options.warmup,
            read_cpu,
        )
    )
    think = f"{options.think[0]:g}-{options.think[1]:g} s"
    visitors = f"{options.users} visitors, think time {think}"
    report(
        f"cold start: {visitors}, the first {options.warmup:g} s from empty caches "
        "(requests started in them)",
        cold_start,
        judged=False,
    )
    report(f"{visitors}, {options.duration:g} s measured after the cold start", measured)


def run_max(base_url, targets, options, read_cpu):
    best = (0.0, 0)
    for connections in options.connections:
        recorder = asyncio.run(
            saturate(base_url, targets, connections, options.duration, read_cpu=read_cpu)
        )
        report(f"{connections} busy connections, {options.duration:g} s measured", recorder)
        throughput = summarize(recorder, list(PAGES))[-1].per_second
        best = max(best, (throughput, connections))
    print(f"\nmaximum throughput: {best[0]:.0f} requests/s with {best[1]} busy connections")


def python_loop_ms(loops=SPEED_PROBE_LOOPS):
    """The best of three timings (ms) of a fixed pure-Python loop on this machine, now."""
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for number in range(loops):
            total += number
        timings.append(time.perf_counter() - started)
    return min(timings) * 1000


def benchmark(options, stoppers):
    database_url, redis_url = start_services(stoppers)
    port = options.port or free_port()
    env = server_env(database_url, redis_url, options, port)
    products = prepare_database(env, options.products)
    app = bench_app(env)
    targets = read_targets(app, skew=0.0 if options.uniform else 1.0)
    BENCH_FOLDER.mkdir(parents=True, exist_ok=True)
    log_path = BENCH_FOLDER / "gunicorn.log"
    server = start_gunicorn(env, log_path)
    stoppers.append(lambda: stop_process(server))
    base_url = f"http://127.0.0.1:{port}"
    wait_until_ready(base_url, server, log_path)
    popularity = "uniform" if options.uniform else "Zipf"
    print(
        f"bench: {products} products, {popularity} popularity, gunicorn at {base_url} "
        f"(workers {env.get('WEB_CONCURRENCY', 'default')}, "
        f"threads {env.get('WEB_THREADS', 'default')}), {os.cpu_count()} CPUs",
        flush=True,
    )
    gc.collect()
    gc.freeze()  # the targets and the app loaded above
    gc.set_threshold(*GC_THRESHOLDS)
    speed_before = python_loop_ms()
    stock_changes = None
    if options.sales_per_minute > 0:
        stock_changes = StockChangeStream(app, targets, options.sales_per_minute)
        stock_changes.start()
    try:
        read_cpu = functools.partial(sample_cpu, server.pid)
        if options.max:
            run_max(base_url, targets, options, read_cpu)
        else:
            run_visitors(base_url, targets, options, read_cpu)
    finally:
        if stock_changes:
            stock_changes.stop()
            print(f"\nstock writes during the run: {stock_changes.changes.written}")
    print(
        f"machine speed: a fixed Python loop took {speed_before:.0f} ms before the run and "
        f"{python_loop_ms():.0f} ms after (lower is faster)"
    )


def main(argv=None):
    options = parse_args(argv)
    stoppers = []
    try:
        benchmark(options, stoppers)
    except KeyboardInterrupt:
        return 130
    finally:
        for stop in reversed(stoppers):
            stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
