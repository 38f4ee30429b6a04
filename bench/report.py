"""The benchmark's results: latency percentiles, throughput and errors per page type; budgets."""

import math
from dataclasses import dataclass

# p95 budgets (milliseconds) from PRODUCT.md.
BUDGETS_MS = {"category": 50, "product": 30, "search": 80}


@dataclass(frozen=True)
class PageStats:
    kind: str
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    per_second: float

    @property
    def budget_ms(self):
        return BUDGETS_MS.get(self.kind)

    @property
    def within_budget(self):
        """True or False against the p95 budget, None for page types without one."""
        if self.budget_ms is None:
            return None
        return self.errors == 0 and self.requests > 0 and self.p95_ms <= self.budget_ms


def percentile(sorted_values, share):
    """The nearest-rank percentile (`share` in 0..1) of already sorted values; 0 when empty."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(share * len(sorted_values)))
    return sorted_values[rank - 1]


def page_stats(kind, latencies, errors, seconds):
    ordered = sorted(latencies)
    failed = sum(errors.values())
    return PageStats(
        kind=kind,
        requests=len(ordered) + failed,
        errors=failed,
        p50_ms=percentile(ordered, 0.50) * 1000,
        p95_ms=percentile(ordered, 0.95) * 1000,
        p99_ms=percentile(ordered, 0.99) * 1000,
        per_second=(len(ordered) + failed) / seconds,
    )


def summarize(recorder, kinds):
    """PageStats for each page type of `kinds`, then for all of them together ("all")."""
    seconds = recorder.measured_seconds
    rows = [
        page_stats(kind, recorder.latencies[kind], recorder.errors[kind], seconds) for kind in kinds
    ]
    everything = [value for kind in kinds for value in recorder.latencies[kind]]
    all_errors = {
        f"{kind}: {name}": count for kind in kinds for name, count in recorder.errors[kind].items()
    }
    rows.append(page_stats("all", everything, all_errors, seconds))
    return rows


def verdict(row):
    if row.within_budget is None:
        return ""
    mark = "ok" if row.within_budget else "MISSED"
    return f"p95 ≤ {row.budget_ms} ms: {mark}"


def format_table(rows, judged=True):
    """The rows as a text table; `judged` adds each row's verdict against its p95 budget."""
    header = f"{'page':<10}{'requests':>10}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
    header += f"{'req/s':>9}" + ("  budget" if judged else "")
    lines = [header, "-" * len(header)]
    for row in rows:
        line = (
            f"{row.kind:<10}{row.requests:>10}{row.errors:>8}{row.p50_ms:>9.1f}{row.p95_ms:>9.1f}"
            f"{row.p99_ms:>9.1f}{row.per_second:>9.1f}"
        )
        lines.append(f"{line}  {verdict(row)}".rstrip() if judged else line)
    return "\n".join(lines)


def format_errors(recorder):
    """One line per kind of failure, or nothing when every request succeeded."""
    return "\n".join(
        f"  {kind}: {count} × {name}"
        for kind, failures in sorted(recorder.errors.items())
        for name, count in sorted(failures.items())
    )


def format_loop_lag(recorder):
    """How late the load generator's event loop woke up, or nothing when it was not watched: a
    response that arrives while the loop is busy is timed late by as much."""
    lags = sorted(recorder.loop_lags)
    if not lags:
        return ""
    p50, p95, p99 = (percentile(lags, share) * 1000 for share in (0.50, 0.95, 0.99))
    return (
        f"load generator's event-loop delay (counted in the latencies above): "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms"
    )
