"""The load generator: simulated visitors (or, for maximum throughput, busy connections) over HTTP.

Each visitor has its own connection and cookies, picks a language, sometimes a vehicle, and
requests the page mix of bench.targets with a think time between requests. The visitors' first
seconds, from a cold start, are recorded apart from the measured window after them: a response
counts in the window it started in, and in the measured window only if it also ended in it.
"""

import asyncio
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

import aiohttp

from bench.targets import next_request

REQUEST_TIMEOUT_SECONDS = 30
# How often the load generator checks that its own event loop keeps up.
LAG_PROBE_SECONDS = 0.01
# Visitors who chose their vehicle send its id in the `vehicle` cookie.
VEHICLE_SHARE = 0.3
LANGUAGES = ("fr", "ar")


@dataclass
class Recorder:
    """Latencies (seconds) and failures per page type of the responses that started and ended
    within the window; with `started_by`, of those that started by then, whenever they ended."""

    window_start: float
    window_end: float
    started_by: float | None = None
    latencies: dict = field(default_factory=lambda: defaultdict(list))
    errors: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    # How late the load generator's event loop woke up (seconds): a response that arrives while
    # the loop is busy is timed that much late.
    loop_lags: list = field(default_factory=list)
    # What `read_cpu` said as the window opened and as it closed (see `watch_cpu`).
    cpu_samples: list = field(default_factory=list)

    def counts(self, started):
        if self.started_by is not None:
            return self.window_start <= started <= self.started_by
        return self.window_start <= started and time.perf_counter() <= self.window_end

    def record(self, kind, started, failure=None):
        if not self.counts(started):
            return
        if failure is None:
            self.latencies[kind].append(time.perf_counter() - started)
        else:
            self.errors[kind][failure] += 1

    @property
    def measured_seconds(self):
        return (self.started_by or self.window_end) - self.window_start


async def fetch(session, kind, path, recorders):
    """GET `path`; anything but a 200 whose body arrived whole is an error, named for the report."""
    started = time.perf_counter()
    try:
        async with session.get(path, allow_redirects=False) as response:
            await response.read()
            failure = None if response.status == 200 else f"HTTP {response.status}"
    except (aiohttp.ClientError, TimeoutError) as exc:
        failure = type(exc).__name__
    for recorder in recorders:
        recorder.record(kind, started, failure)


def new_session(base_url, connections):
    return aiohttp.ClientSession(
        base_url=base_url,
        connector=aiohttp.TCPConnector(limit=connections, force_close=False),
        timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS),
    )


async def watch_loop_lag(recorder):
    """Record in `recorder` how late the event loop wakes up, until its window ends."""
    while time.perf_counter() < recorder.window_end:
        started = time.perf_counter()
        await asyncio.sleep(LAG_PROBE_SECONDS)
        if recorder.counts(started):
            recorder.loop_lags.append(time.perf_counter() - started - LAG_PROBE_SECONDS)


async def watch_cpu(recorder, read_cpu):
    """`read_cpu()` as the recorder's window opens and as it closes, kept in the recorder."""
    for moment in (recorder.window_start, recorder.window_end):
        await asyncio.sleep(max(0.0, moment - time.perf_counter()))
        recorder.cpu_samples.append(read_cpu())


async def visitor(base_url, targets, seed, recorders, think, ramp_up):
    """One person browsing until the last window closes: request, think, request again."""
    rng = random.Random(seed)
    language = rng.choice(LANGUAGES)
    await asyncio.sleep(rng.uniform(0, ramp_up))
    async with new_session(base_url, connections=1) as session:
        if targets.vehicles and rng.random() < VEHICLE_SHARE:
            session.cookie_jar.update_cookies({"vehicle": str(targets.vehicles.pick(rng))})
        while time.perf_counter() < recorders[-1].window_end:
            kind, path = next_request(targets, language, rng)
            await fetch(session, kind, path, recorders)
            await asyncio.sleep(rng.uniform(*think))


async def busy_connection(session, targets, seed, recorder):
    """Requests back to back on one connection, no think time: for maximum throughput."""
    rng = random.Random(seed)
    language = rng.choice(LANGUAGES)
    while time.perf_counter() < recorder.window_end:
        kind, path = next_request(targets, language, rng)
        await fetch(session, kind, path, (recorder,))


async def simulate_visitors(
    base_url, targets, users, duration, think=(1.0, 3.0), warmup=5.0, read_cpu=None
):
    """`users` visitors with `think` seconds between requests, arriving one by one in the first
    seconds; returns the recorders `(cold start, measured)`: the first `warmup` seconds, then
    `duration` seconds. `read_cpu()`, if given, is sampled as the measured window opens and
    closes."""
    start = time.perf_counter()
    end = start + warmup + duration
    cold_start = Recorder(start, end, started_by=start + warmup)
    measured = Recorder(start + warmup, end)
    recorders = (cold_start, measured)
    ramp_up = min(warmup, think[1])
    watchers = [watch_loop_lag(measured)]
    if read_cpu:
        watchers.append(watch_cpu(measured, read_cpu))
    await asyncio.gather(
        *watchers,
        *(visitor(base_url, targets, seed, recorders, think, ramp_up) for seed in range(users)),
    )
    return recorders


async def saturate(base_url, targets, connections, duration, warmup=2.0, read_cpu=None):
    """`connections` connections each sending its next request as soon as the last one ended;
    `read_cpu` as `simulate_visitors`'s."""
    start = time.perf_counter()
    recorder = Recorder(start + warmup, start + warmup + duration)
    watchers = [watch_cpu(recorder, read_cpu)] if read_cpu else []
    async with new_session(base_url, connections) as session:
        await asyncio.gather(
            *watchers,
            *(busy_connection(session, targets, seed, recorder) for seed in range(connections)),
        )
    return recorder
