"""The site's settings serving the benchmark URLs too (the raw-SQL floor beside the API list),
for the load run's gunicorn."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "tests.benchmarks.urls"
