"""Benchmarks at catalogue scale: `python -m tests.benchmarks` (or `make bench`).

For each size in KOSHO_BENCH_SIZES (default 10000,100000) it uses the PostgreSQL database
named by DATABASE_URL with `_<size>` appended (created if missing, migrated), writes the
corpus there with `generate_corpus` unless it is already there, then measures in child
processes with production settings (DEBUG off): measure.py in process through the test client,
load.py over HTTP against gunicorn. It prints one table with every figure beside its baseline.

KOSHO_BENCH_AREAS limits the areas (api,search,pages,oai,import,load); KOSHO_BENCH_OUT names a
JSON file for the raw rows.
"""

import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from tests.benchmarks.harness import ROW_PREFIX

ROOT = Path(__file__).resolve().parent.parent.parent
SEED = 0
AREAS = ("api", "search", "pages", "oai", "import", "load")


def _database_url(base: str, size: int) -> str:
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"{parts.path}_{size}"))


def _libpq(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


def _database_ensure(base: str, url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(_libpq(base), autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone():
            return
        collate, ctype = connection.execute(
            "SELECT datcollate, datctype FROM pg_database WHERE datname = current_database()"
        ).fetchone()
        connection.execute(
            f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
            f"LC_COLLATE '{collate}' LC_CTYPE '{ctype}'"
        )


def _corpus_count(url: str) -> int:
    with psycopg.connect(_libpq(url)) as connection:
        return connection.execute(
            "SELECT count(*) FROM catalogue_source WHERE external_id LIKE %s", [f"corpus{SEED}/%"]
        ).fetchone()[0]


def _manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def _rows(env: dict, module: str, *args: str) -> list[dict]:
    """Run a measuring module as a child and collect the rows it prints."""
    process = subprocess.run(
        [sys.executable, "-m", f"tests.benchmarks.{module}", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return [
        json.loads(line[len(ROW_PREFIX) :])
        for line in process.stdout.splitlines()
        if line.startswith(ROW_PREFIX)
    ]


def _corpus(env: dict, url: str, size: int) -> dict:
    if _corpus_count(url) == size:
        return {
            "area": "corpus",
            "name": "generate_corpus",
            "value": None,
            "unit": "s",
            "note": "reused: already in the database",
        }
    if _corpus_count(url):
        raise SystemExit(f"{url} holds a corpus of another size; drop the database first.")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    output = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "generate_corpus",
            "--sources",
            str(size),
            "--seed",
            str(SEED),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # As autovacuum would leave a catalogue in use: statistics, and pages marked all-visible
    # for index-only scans. Not part of the generator's time.
    with psycopg.connect(_libpq(url), autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    peak = re.search(r"Peak memory (\d+) MB", output)
    return {
        "area": "corpus",
        "name": "generate_corpus",
        "value": seconds,
        "unit": "s",
        "note": f"{cpu:.0f} s CPU in Python; peak RSS {peak.group(1) if peak else '?'} MB",
    }


def _cell(value, unit, queries) -> str:
    if value is None:
        return "—"
    text = f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"
    text += "" if unit == "ms" else f" {unit}"
    return text + (f" ({queries} q)" if queries is not None else "")


def table(results: dict) -> str:
    sizes = list(results)
    keys = []
    for rows in results.values():
        for row in rows:
            key = (row["area"], row["name"], row.get("baseline", ""))
            if key not in keys:
                keys.append(key)
    header = ["area", "measure (ms unless noted)"]
    for size in sizes:
        header += [f"{size:,}", "baseline", "ratio"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for area, name, baseline in keys:
        cells = [area, name]
        for size in sizes:
            row = next(
                (
                    r
                    for r in results[size]
                    if (r["area"], r["name"], r.get("baseline", "")) == (area, name, baseline)
                ),
                None,
            )
            if row is None:
                cells += ["", "", ""]
                continue
            cells.append(_cell(row["value"], row.get("unit", "ms"), row.get("queries")))
            if row.get("baseline_value") is not None:
                cells.append(
                    f"{baseline}: "
                    + _cell(
                        row["baseline_value"], row.get("unit", "ms"), row.get("baseline_queries")
                    )
                )
                ratio = row["value"] / row["baseline_value"] if row["baseline_value"] else None
                cells.append(
                    "" if not ratio else f"{ratio:.1f}×" if ratio >= 0.1 else f"{ratio:.3f}×"
                )
            else:
                cells += [row.get("note", ""), ""]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        print("Scale benchmarks skipped: DATABASE_URL must name a PostgreSQL database (each size")
        print("goes in a database of its own, <name>_<size>, created on that server).")
        return
    sizes = [int(s) for s in os.environ.get("KOSHO_BENCH_SIZES", "10000,100000").split(",")]
    areas = [a for a in os.environ.get("KOSHO_BENCH_AREAS", ",".join(AREAS)).split(",") if a]
    results = {}
    for size in sizes:
        url = _database_url(base, size)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "benchmarks-only-secret"),
            "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
            # The run measures the server, not the API's rate limit: hundreds of anonymous
            # requests a minute from one client.
            "DJANGO_API_THROTTLE_ANON": "100000000/minute",
        }
        print(f"== {size:,} sources: {urlsplit(url).path.lstrip('/')}", file=sys.stderr, flush=True)
        _database_ensure(base, url)
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "collectstatic", "--noinput", "-v0")
        rows = [_corpus(env, url, size)]
        measured = [a for a in areas if a != "load"]
        if measured:
            # What each answer costs to compute: the server's response cache off (pages.py
            # measures the sources page with its facet counts cached as well).
            rows += _rows({**env, "DJANGO_RESPONSE_CACHE_SECONDS": "0"}, "measure", *measured)
        if "load" in areas:
            rows += _rows(env, "load")
        results[size] = rows
        for row in rows:
            print(f"   {row['area']:8} {row['name']}: {row['value']}", file=sys.stderr)
    if os.environ.get("KOSHO_BENCH_OUT"):
        Path(os.environ["KOSHO_BENCH_OUT"]).write_text(
            json.dumps(results, indent=1, ensure_ascii=False)
        )
    print(table(results))


if __name__ == "__main__":
    main()
