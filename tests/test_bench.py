"""The benchmark's harness: its visitors reach real pages and its report counts what they got.

No timing is asserted: this only proves the measuring works, on a tiny shop for a few seconds.
"""

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from bench.cpu import CpuSample, child_pids, format_cpu, process_cpu_seconds, sample_cpu
from bench.load import Recorder, saturate, simulate_visitors, watch_cpu, watch_loop_lag
from bench.report import format_loop_lag, format_table, percentile, summarize
from bench.run import python_loop_ms
from bench.sales import StockChanges, StockChangeStream
from bench.targets import PAGES, Popularity, load_targets, round_prices, spelled_differently
from shop.extensions import db
from shop.models import StockLevel, StockMovement
from shop.services.cache import offer_stamps, versions
from tests import factories


@pytest.fixture
def tiny_shop():
    """Two categories, two brands, a vehicle and a few products with references."""
    brakes = factories.make_category(name_fr="Freinage", slug_fr="freinage", slug_ar="فرامل")
    pads = factories.make_category(
        parent=brakes, name_fr="Plaquettes", slug_fr="plaquettes", slug_ar="وسادات"
    )
    brands = [factories.make_brand(name="Bosch", slug="bosch"), factories.make_brand()]
    vehicle = factories.make_vehicle()
    for n in range(6):
        product = factories.make_product(
            name_fr=f"Plaquettes de frein avant {n} — Clio IV",
            name_ar=f"وسادات فرامل أمامية {n} — كليو 4",
            category=pads,
            brand=brands[n % 2],
            barcode=f"40548625962{n:02d}",
        )
        factories.make_reference(product, f"41060-{n}ZK0A")
        factories.make_fitment(product, vehicle)


@pytest.fixture
def live_url(app):
    """The test app served on a loopback port, one request at a time (the test's transaction
    has one connection)."""
    server = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


def test_targets_come_from_the_catalog(tiny_shop):
    targets = load_targets()

    assert ("freinage", "فرامل") in targets.categories.items
    assert "bosch" in targets.brands.items
    assert len(targets.products.items) == 6
    assert any(query.startswith("Plaquettes") for query in targets.queries["fr"].items)
    assert any("وسادات" in query for query in targets.queries["ar"].items)
    assert targets.vehicles


def test_popular_items_are_drawn_as_zipf_says_and_uniformly_without_skew():
    import random

    rng = random.Random(5)
    items = ["first", "second", "third", "fourth"]
    zipf, uniform = Popularity.ranked(items, skew=1), Popularity.ranked(items, skew=0)

    drawn = Counter(zipf.pick(rng) for _ in range(20_000))
    evenly = Counter(uniform.pick(rng) for _ in range(20_000))

    # Weights 1, 1/2, 1/3, 1/4 out of 25/12: the first twice as often as the second.
    assert drawn["first"] / 20_000 == pytest.approx(12 / 25, abs=0.02)
    assert drawn["first"] / drawn["second"] == pytest.approx(2, rel=0.1)
    assert drawn["first"] / drawn["fourth"] == pytest.approx(4, rel=0.15)
    for item in items:
        assert evenly[item] / 20_000 == pytest.approx(0.25, abs=0.02)


def test_price_filters_use_the_round_prices_people_type():
    assert round_prices(6, 2183) == [10, 20, 50, 100, 200, 500, 1000, 2000]
    assert round_prices(0, 15) == [1, 2, 5, 10]


def test_part_numbers_are_spelt_as_customers_type_them():
    import random

    rng = random.Random(3)
    spellings = {spelled_differently("41060-3ZK0A", rng) for _ in range(40)}

    assert len(spellings) > 5
    for spelling in spellings:
        assert "".join(c for c in spelling if c.isalnum()).upper() == "410603ZK0A"


def run_in_own_thread(coroutine):
    """Run `coroutine` to its end on a new event loop in a thread of its own.

    Playwright's sync API leaves an event loop running in the main thread after browser tests,
    and `asyncio.run` refuses to start beside it.
    """
    result = {}
    thread = threading.Thread(target=lambda: result.update(value=asyncio.run(coroutine)))
    thread.start()
    thread.join()
    return result["value"]


def test_visitors_reach_every_page_type_without_errors(tiny_shop, live_url):
    targets = load_targets()

    cold_start, recorder = run_in_own_thread(
        simulate_visitors(live_url, targets, users=4, duration=2.5, think=(0.01, 0.05), warmup=0.5)
    )

    assert dict(cold_start.errors) == {} and sum(map(len, cold_start.latencies.values())) > 0
    assert cold_start.measured_seconds == pytest.approx(0.5)
    assert "budget" not in format_table(summarize(cold_start, list(PAGES)), judged=False)
    assert dict(recorder.errors) == {}
    for kind in PAGES:
        assert recorder.latencies[kind], f"no {kind} request measured"
    rows = summarize(recorder, list(PAGES))
    assert [row.kind for row in rows] == [*PAGES, "all"]
    assert rows[-1].requests == sum(row.requests for row in rows[:-1])
    table = format_table(rows)
    assert "p95 ≤ 50 ms" in table and "p95 ≤ 30 ms" in table and "p95 ≤ 80 ms" in table
    assert recorder.loop_lags and "event-loop delay" in format_loop_lag(recorder)
    assert format_loop_lag(cold_start) == ""


def test_the_load_generators_own_delay_is_measured():
    async def watched_while_blocked():
        recorder = Recorder(time.perf_counter(), time.perf_counter() + 0.3)
        watching = asyncio.create_task(watch_loop_lag(recorder))
        await asyncio.sleep(0.05)
        time.sleep(0.1)  # the loop busy with something else
        await watching
        return recorder

    recorder = run_in_own_thread(watched_while_blocked())

    assert max(recorder.loop_lags) >= 0.08


def test_busy_connections_measure_throughput(tiny_shop, live_url):
    samples = []

    def read_cpu():
        samples.append(time.perf_counter())
        return len(samples)

    recorder = run_in_own_thread(
        saturate(live_url, load_targets(), connections=2, duration=1.0, read_cpu=read_cpu)
    )

    total = summarize(recorder, list(PAGES))[-1]
    assert total.requests > 0
    assert total.errors == 0
    assert total.per_second == pytest.approx(total.requests / 1.0)
    # Read as the measured window opened and as it closed.
    assert recorder.cpu_samples == [1, 2]
    assert samples[1] - samples[0] == pytest.approx(1.0, abs=0.2)


def test_cpu_is_read_at_the_window_edges_even_when_idle():
    async def watched():
        recorder = Recorder(time.perf_counter() + 0.1, time.perf_counter() + 0.3)
        await watch_cpu(recorder, time.perf_counter)
        return recorder

    opened, closed = run_in_own_thread(watched()).cpu_samples

    assert closed - opened == pytest.approx(0.2, abs=0.1)


def test_a_process_trees_cpu_time_counts_its_children():
    spinning = "import time\nend = time.process_time() + 0.5\nwhile time.process_time() < end: pass"
    child = subprocess.Popen([sys.executable, "-c", spinning + "\ninput()"], stdin=subprocess.PIPE)
    try:
        assert child.pid in child_pids(os.getpid())
        deadline = time.monotonic() + 10
        while process_cpu_seconds(child.pid) < 0.3:
            assert time.monotonic() < deadline, "the child did not spin"
            time.sleep(0.05)
        before = sample_cpu(os.getpid())
        own = process_cpu_seconds(os.getpid())
        assert sample_cpu(os.getpid()).server >= own + 0.3
    finally:
        child.communicate(b"\n", timeout=10)
    # Ended and waited for, it still counts.
    after = sample_cpu(os.getpid())
    assert after.server >= own + 0.3
    assert after.machine_total > before.machine_total
    assert before.machine_busy <= after.machine_busy <= after.machine_total


def test_the_cpu_report_divides_the_servers_time_by_the_requests():
    first = CpuSample(server=10.0, machine_busy=100.0, machine_stolen=1.0, machine_total=200.0)
    last = CpuSample(server=14.4, machine_busy=250.0, machine_stolen=13.0, machine_total=400.0)

    line = format_cpu(first, last, requests=1000)

    assert line == (
        "CPU: the web server 4.40 ms per request; the machine 75% busy, 6% taken by the hypervisor"
    )
    assert format_cpu(first, last, requests=0) == ""


def test_the_machine_speed_probe_times_a_fixed_loop():
    assert 0 < python_loop_ms(loops=10_000) < python_loop_ms(loops=2_000_000)


def test_percentiles_are_nearest_rank():
    values = [float(n) for n in range(1, 101)]

    assert percentile(values, 0.50) == 50.0
    assert percentile(values, 0.95) == 95.0
    assert percentile(values, 0.99) == 99.0
    assert percentile([], 0.95) == 0.0


def on_hand(product_id, location):
    return db.session.scalar(
        select(StockLevel.on_hand).where(
            StockLevel.product_id == product_id, StockLevel.location_id == location.id
        )
    )


def test_stock_writes_retire_the_offer_and_leave_stock_as_it_was(tiny_shop, cached_app):
    location = factories.make_location(is_default=True)
    with cached_app.app_context():
        changes = StockChanges(load_targets())
        offer_before = versions()[1]

        changes.write_next()
        product_id = changes.product_id
        received = on_hand(product_id, location)
        changes.write_next()

        assert (received, on_hand(product_id, location)) == (1, 0)
        assert versions()[1] == offer_before + 2
        assert offer_stamps([product_id]).of(product_id)[1] == 2
        reasons = db.session.scalars(
            select(StockMovement.reason).where(StockMovement.note == "benchmark")
        ).all()
        assert sorted(reasons) == ["damaged", "received"]


def test_the_stream_writes_in_pairs_until_stopped(tiny_shop, cached_app):
    factories.make_location(is_default=True)
    with cached_app.app_context():
        stream = StockChangeStream(cached_app, load_targets(), per_minute=1200)
    stream.start()
    time.sleep(0.3)
    stream.stop()

    assert stream.changes.written >= 2
    assert stream.changes.written % 2 == 0
