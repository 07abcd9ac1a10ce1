"""What every benchmark area shares: timing by medians, query counting, and the row format.

A figure is the median of many runs (the machine is shared, so single runs are noise); each
row carries its baseline, measured in the same process a moment before or after.
"""

import json
import os
import statistics
import time
from dataclasses import asdict, dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

# Enough requests for a stable median, within a time budget per figure on a slow page.
REPEAT = int(os.environ.get("KOSHO_BENCH_REPEAT", "25"))
BUDGET_S = float(os.environ.get("KOSHO_BENCH_BUDGET", "15"))
ROW_PREFIX = "BENCH-ROW "


@dataclass
class Row:
    """One figure and its baseline; `unit` says how to read both (ms: lower is better)."""

    area: str
    name: str
    value: float
    unit: str = "ms"
    queries: int | None = None
    baseline: str = ""
    baseline_value: float | None = None
    baseline_queries: int | None = None
    note: str = ""

    def emit(self) -> None:
        print(ROW_PREFIX + json.dumps(asdict(self), ensure_ascii=False), flush=True)


@dataclass
class Timing:
    median_ms: float
    p90_ms: float
    runs: int
    queries: int
    last: object


def measure(fn, *, repeat: int = REPEAT, budget_s: float = BUDGET_S, warmup: int = 1) -> Timing:
    """Median wall time of `fn()` over `repeat` runs (fewer if the budget runs out, at least
    three), with the number of queries of one run."""
    for _ in range(warmup):
        fn()
    with CaptureQueriesContext(connection) as captured:
        result = fn()
    queries = len(captured)  # now: the log is read lazily and each request clears it
    times, started = [], time.perf_counter()
    while len(times) < repeat and (len(times) < 3 or time.perf_counter() - started < budget_s):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return Timing(
        median_ms=statistics.median(times),
        p90_ms=times[min(len(times) - 1, int(len(times) * 0.9))],
        runs=len(times),
        queries=queries,
        last=result,
    )


def get(client: Client, url: str, **extra):
    """A GET that must succeed: a benchmark of an error page measures nothing."""

    def fetch():
        response = client.get(url, **extra)
        if response.status_code != 200:
            raise AssertionError(f"GET {url} answered {response.status_code}")
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        return response

    return fetch


def compare(area: str, name: str, fn, baseline: str, baseline_fn, note: str = "") -> Row:
    """Measure `fn` and its baseline (either may be a Timing already taken in this run) and
    emit both as one row."""
    measured = fn if isinstance(fn, Timing) else measure(fn)
    base = baseline_fn if isinstance(baseline_fn, Timing) else measure(baseline_fn)
    row = Row(
        area=area,
        name=name,
        value=measured.median_ms,
        queries=measured.queries,
        baseline=baseline,
        baseline_value=base.median_ms,
        baseline_queries=base.queries,
        note=note or f"n={measured.runs}/{base.runs}, p90 {measured.p90_ms:.0f} ms",
    )
    row.emit()
    return row
