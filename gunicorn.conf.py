"""Gunicorn settings for production (and the benchmark): `gunicorn -c gunicorn.conf.py wsgi:app`.

Every value can be overridden by the environment variables read below, or on the command line.
"""

import gc
import os

from shop.config import DEFAULT_WEB_THREADS

# Loopback or a proxy in front: the reverse proxy or load balancer is what the public reaches.
bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104
# Threads overlap the waits on PostgreSQL; processes use the cores, and the operating system
# shares them out more finely than threads share a process's interpreter. Measured on 2 cores
# with `make bench`: see the README's "Benchmark" section before changing these.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("WEB_THREADS", str(DEFAULT_WEB_THREADS)))
# Idle keep-alive connections wait in the poller, not in a thread; phones come back within seconds.
keepalive = 5
worker_connections = 1000
# Import the app once in the master: workers fork with the code already loaded and start at once.
preload_app = True
# Recycle workers now and then (jittered so they don't all restart together). A new worker
# starts with the master's caches, not those its predecessor filled: at 125 requests a second
# per worker (the benchmark's load on two), 10,000 requests meant one every 80 s.
max_requests = 100_000
max_requests_jitter = 10_000
timeout = 30
graceful_timeout = 30
worker_tmp_dir = "/dev/shm"  # noqa: S108 (heartbeat files: memory-backed, never on a slow disk)
# The app logs each request itself (hanout.requests); gunicorn's access log only on request.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"

# The garbage collector's thresholds in the workers (Python's are 700, 10, 10). A request makes
# thousands of short-lived objects; at 700 allocations per young collection those of the requests
# in flight outlive two collections, reach the oldest generation and set off full collections:
# under `make bench` about one per worker every two seconds, each stopping all its threads for
# 50-300 ms. Collected every 50,000 allocations, they die young.
GC_THRESHOLDS = (50_000, 20, 20)


def when_ready(server):
    """Before the first worker forks: templates compiled, catalog in memory (`shop.warmup`)."""
    from shop.warmup import warm_up

    server.log.info(warm_up(server.app.wsgi()))


def pre_fork(server, worker):
    """The app loaded in the master lives as long as the workers: out of the collector's sight,
    it is never traversed again (and its memory pages stay shared with the workers)."""
    gc.freeze()


def post_fork(server, worker):
    gc.set_threshold(*GC_THRESHOLDS)
