"""One size, in process: run with DATABASE_URL pointing at a database that holds the corpus
(`python -m tests.benchmarks` prepares it and calls this). Requests go through Django's test
client — the whole middleware, view, ORM and rendering stack, without a socket — with the
site's URLs plus the two baseline endpoints of endpoints.py."""

import os
import resource
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.test import Client
    from django.test.utils import override_settings

    from tests.benchmarks import api, imports, oai, pages, search
    from tests.benchmarks.harness import Row

    areas = set(sys.argv[1:]) or {"api", "search", "pages", "oai", "import"}
    with override_settings(ROOT_URLCONF="tests.benchmarks.urls"):
        client = Client()
        if "api" in areas:
            api.run(client)
        if "search" in areas:
            search.run(client)
        if "pages" in areas:
            pages.run(client, Client())
        if "oai" in areas:
            oai.run(client)
        if "import" in areas:
            imports.run()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    Row(area="memory", name="peak RSS of the measuring process", value=peak, unit="MB").emit()


if __name__ == "__main__":
    main()
