"""Throughput: gunicorn on 127.0.0.1 with production settings (DEBUG off, whitenoise, the
repository's gunicorn configuration if it has one, WEB_CONCURRENCY workers) under locust
headless, bounded by time and by request count; /healthz alone is the baseline of the readers'
mix, and the raw-SQL + orjson floor (tests/benchmarks/endpoints.py) that of the API list alone."""

import contextlib
import csv
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
SECONDS = os.environ.get("KOSHO_BENCH_LOAD_SECONDS", "20")
USERS = os.environ.get("KOSHO_BENCH_LOAD_USERS", "8")
MAX_REQUESTS = os.environ.get("KOSHO_BENCH_MAX_REQUESTS", "20000")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url} within {seconds} s")


def _peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def _peak_worker_rss_mb(server) -> float:
    """The highest peak resident memory of gunicorn's workers, in MB."""
    return max((_peak_rss_mb(pid) for pid in _workers(server.pid)), default=0.0)


def _locust(user_class: str, host: str, env: dict, prefix: str) -> dict:
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(Path(__file__).with_name("locustfile.py")),
            "--headless",
            "--users",
            USERS,
            "--spawn-rate",
            USERS,
            "--run-time",
            f"{SECONDS}s",
            "--host",
            host,
            "--csv",
            prefix,
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--stop-timeout",
            "5",
            user_class,
        ],
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


@contextlib.contextmanager
def _gunicorn(env: dict, port: int):
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_ready(f"http://127.0.0.1:{port}/healthz")
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from catalogue.models import Source
    from tests.benchmarks.harness import Row

    workdir = Path(tempfile.mkdtemp(prefix="kosho-bench-"))
    ids = workdir / "ids.txt"
    published = Source.objects.published().values_list("pk", flat=True)
    ids.write_text(" ".join(str(pk) for pk in published.order_by("?")[:2000]))
    port = _free_port()
    host = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "KOSHO_BENCH_IDS": str(ids),
        "KOSHO_BENCH_MAX_REQUESTS": MAX_REQUESTS,
        "KOSHO_BENCH_LOAD_USERS": USERS,
    }
    env.setdefault("WEB_CONCURRENCY", "3")
    # The floor's URL beside the site's (no API rate limit either: see __main__).
    env["DJANGO_SETTINGS_MODULE"] = "tests.benchmarks.settings"
    # First without the server's response cache (every answer computed: what the floor is
    # compared with), then with it, as deployed: repeated anonymous reads from the cache.
    with _gunicorn({**env, "DJANGO_RESPONSE_CACHE_SECONDS": "0"}, port) as server:
        health = _locust("Health", host, env, str(workdir / "health"))["Aggregated"]
        readers = _locust("Readers", host, env, str(workdir / "readers"))
        api_list = _locust("ApiList", host, env, str(workdir / "api"))["Aggregated"]
        floor = _locust("Floor", host, env, str(workdir / "floor"))["Aggregated"]
        peak = _peak_worker_rss_mb(server)
    with _gunicorn({**env, "DJANGO_RESPONSE_CACHE_SECONDS": "600"}, port) as server:
        cached_readers = _locust("Readers", host, env, str(workdir / "cached-readers"))
        cached_list = _locust("ApiList", host, env, str(workdir / "cached-api"))["Aggregated"]
        cached_peak = _peak_worker_rss_mb(server)
    total = readers["Aggregated"]
    if not int(total["Request Count"]) or not int(health["Request Count"]):
        raise RuntimeError("locust sent no request: is gunicorn answering?")
    note = (
        f"{USERS} users, {SECONDS} s or {MAX_REQUESTS} requests, "
        f"{env['WEB_CONCURRENCY']} gunicorn workers"
    )
    for label, unit, key in (
        ("req/s", "req/s", "Requests/s"),
        ("p50", "ms", "50%"),
        ("p99", "ms", "99%"),
    ):
        Row(
            area="load",
            name=f"mixed readers {label}",
            value=float(total[key]),
            unit=unit,
            baseline="/healthz",
            baseline_value=float(health[key]),
            note=f"{total['Request Count']} requests, {total['Failure Count']} failed; {note}",
        ).emit()
    Row(
        area="load",
        name="API list of 50 alone req/s",
        value=float(api_list["Requests/s"]),
        unit="req/s",
        baseline="raw SQL + orjson floor",
        baseline_value=float(floor["Requests/s"]),
        note=(
            f"{api_list['Request Count']} / {floor['Request Count']} requests, "
            f"{api_list['Failure Count']} / {floor['Failure Count']} failed; {note}"
        ),
    ).emit()
    for name, row in readers.items():
        if name != "Aggregated":
            Row(
                area="load",
                name=f"  {name} p50",
                value=float(row["50%"]),
                note=f"p99 {row['99%']} ms, {row['Request Count']} requests",
            ).emit()
    Row(
        area="load",
        name="API list of 50 alone req/s, response cache on",
        value=float(cached_list["Requests/s"]),
        unit="req/s",
        baseline="raw SQL + orjson floor",
        baseline_value=float(floor["Requests/s"]),
        note=f"{cached_list['Request Count']} requests, {cached_list['Failure Count']} failed",
    ).emit()
    cached_total = cached_readers["Aggregated"]
    Row(
        area="load",
        name="mixed readers req/s, response cache on",
        value=float(cached_total["Requests/s"]),
        unit="req/s",
        baseline="cache off",
        baseline_value=float(total["Requests/s"]),
        note=(
            f"p50 {cached_total['50%']} ms, p99 {cached_total['99%']} ms; "
            f"{cached_total['Request Count']} requests, {cached_total['Failure Count']} failed"
        ),
    ).emit()
    Row(area="memory", name="peak RSS of a gunicorn worker", value=peak, unit="MB").emit()
    Row(
        area="memory",
        name="peak RSS of a gunicorn worker, response cache on",
        value=cached_peak,
        unit="MB",
    ).emit()


if __name__ == "__main__":
    main()
