"""gunicorn settings for the web container, from the environment like the Django settings.

Sync workers, each holding one persistent database connection (DJANGO_CONN_MAX_AGE, checked
before reuse). A request's database work is bounded by DJANGO_DB_READ_TIMEOUT_MS (5 s); the
worker timeout is the last resort behind it.
"""

import gc
import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() else default


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# WEB_CONCURRENCY is gunicorn's own variable; the default suits a small machine.
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then (jittered, so not all at once): bounds any slow leak.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
accesslog = "-"
errorlog = "-"
# Behind the proxy that terminates TLS (settings trust X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Once the worker has loaded the application, move everything loaded so far (Django, the
    URL map, the templates: ~150,000 objects) out of the garbage collector's reach. They live
    as long as the worker, and a full collection, about every tenth API page, then walks only
    what requests create: 88–90 ms pauses became 29–33 (docs/performance.md)."""
    gc.freeze()
