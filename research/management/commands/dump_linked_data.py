"""Write every published record as linked data: N-Triples or one JSON-LD document."""

from django.core.management.base import BaseCommand

from research.linked_data import dump_graph


class Command(BaseCommand):
    help = "Dump sources, series, repositories, agents, events and claims as N-Triples or JSON-LD."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["nt", "jsonld"], default="nt")
        parser.add_argument(
            "--base-url",
            default="http://localhost:8000/",
            help="Scheme and host the records' URLs are written with.",
        )

    def handle(self, *args, format, base_url, **options):
        self.stdout.write(dump_graph(base_url, format), ending="")
