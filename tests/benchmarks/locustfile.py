"""Readers under load: what `python -m tests.benchmarks` runs headless against gunicorn.

`Readers` mixes the API list, search, the /sources/ page, source pages and OAI; `Health` asks
only /healthz, the floor of the server stack. KOSHO_BENCH_IDS names a file of published source
ids; KOSHO_BENCH_MAX_REQUESTS bounds the requests (each user stops after its share).
"""

import os
import random
from pathlib import Path

from locust import HttpUser, constant, task
from locust.exception import StopUser

IDS = (
    [int(i) for i in Path(os.environ["KOSHO_BENCH_IDS"]).read_text().split()]
    if os.environ.get("KOSHO_BENCH_IDS")
    else [1]
)
MAX_REQUESTS = int(os.environ.get("KOSHO_BENCH_MAX_REQUESTS", "20000"))
USERS = int(os.environ.get("KOSHO_BENCH_LOAD_USERS", "8"))
WORDS = ["石油", "北樺太", "撤兵", "Карахан", "нефт", "oil", "Joffe"]


class BoundedUser(HttpUser):
    """A user that stops after its share of KOSHO_BENCH_MAX_REQUESTS (locust's own time limit
    bounds the run too). Stopping users, rather than the runner, keeps the statistics whole."""

    abstract = True
    wait_time = constant(0)

    def on_start(self):
        self.budget = max(1, MAX_REQUESTS // USERS)

    def get(self, url: str, name: str | None = None):
        if self.budget <= 0:
            raise StopUser()
        self.budget -= 1
        return self.client.get(url, name=name)


class Readers(BoundedUser):
    @task(3)
    def api_list(self):
        self.get("/api/v1/sources/?page_size=50", name="/api/v1/sources/?page_size=50")

    @task(2)
    def api_search(self):
        self.get(f"/api/v1/sources/?q={random.choice(WORDS)}", name="/api/v1/sources/?q=")

    @task(2)
    def sources_page(self):
        self.get("/sources/?language=ja", name="/sources/?language=ja")

    @task(2)
    def source_page(self):
        self.get(f"/sources/{random.choice(IDS)}/", name="/sources/<id>/")

    @task(1)
    def oai(self):
        self.get("/oai?verb=ListRecords&metadataPrefix=oai_dc", name="/oai ListRecords")


class ApiList(BoundedUser):
    """The API list alone, to compare with the floor serving the same rows."""

    @task
    def api_list(self):
        self.get("/api/v1/sources/?page_size=50", name="/api/v1/sources/?page_size=50")


class Floor(BoundedUser):
    """The raw-SQL + orjson floor of the API list (tests/benchmarks/endpoints.py)."""

    @task
    def floor(self):
        self.get("/bench/floor/sources/?page_size=50", name="/bench/floor/sources/")


class Health(BoundedUser):
    @task
    def healthz(self):
        self.get("/healthz")
