"""Readers under load: what `python -m tests.benchmarks` runs headless against gunicorn.

`Readers` mixes the API list, search, the /sources/ page, source pages and OAI; `Health` asks
only /healthz, the floor of the server stack. KOSHO_BENCH_IDS names a file of published source
ids; KOSHO_BENCH_MAX_REQUESTS stops the run after that many requests, whatever its time limit.
"""

import os
import random
from pathlib import Path

import gevent
from locust import HttpUser, constant, events, task

IDS = (
    [int(i) for i in Path(os.environ["KOSHO_BENCH_IDS"]).read_text().split()]
    if os.environ.get("KOSHO_BENCH_IDS")
    else [1]
)
MAX_REQUESTS = int(os.environ.get("KOSHO_BENCH_MAX_REQUESTS", "20000"))
WORDS = ["石油", "北樺太", "撤兵", "Карахан", "нефт", "oil", "Joffe"]
_sent = 0
_environment = None


@events.init.add_listener
def _remember(environment, **kwargs):
    global _environment
    _environment = environment


@events.request.add_listener
def _stop_after_enough(**kwargs):
    global _sent
    _sent += 1
    if _sent == MAX_REQUESTS and _environment is not None:
        # Not from inside the request's own greenlet, which quit() would kill.
        gevent.spawn(_environment.runner.quit)


class Readers(HttpUser):
    wait_time = constant(0)

    @task(3)
    def api_list(self):
        self.client.get("/api/v1/sources/?page_size=50", name="/api/v1/sources/?page_size=50")

    @task(2)
    def api_search(self):
        self.client.get(f"/api/v1/sources/?q={random.choice(WORDS)}", name="/api/v1/sources/?q=")

    @task(2)
    def sources_page(self):
        self.client.get("/sources/?language=ja", name="/sources/?language=ja")

    @task(2)
    def source_page(self):
        self.client.get(f"/sources/{random.choice(IDS)}/", name="/sources/<id>/")

    @task(1)
    def oai(self):
        self.client.get("/oai?verb=ListRecords&metadataPrefix=oai_dc", name="/oai ListRecords")


class Health(HttpUser):
    wait_time = constant(0)

    @task
    def healthz(self):
        self.client.get("/healthz")
