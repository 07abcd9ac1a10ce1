import resource

from django.core.management.base import BaseCommand, CommandError

from research.corpus import CorpusExists, corpus_generate


class Command(BaseCommand):
    help = (
        "Write a synthetic corpus for benchmarks: N sources with agents, series, events, claims "
        "and evidence in realistic proportions; the same seed gives the same rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sources", type=int, required=True, help="How many sources.")
        parser.add_argument("--seed", type=int, default=0, help="Random seed (default 0).")

    def handle(self, *args, sources, seed, verbosity, **options):
        if sources < 1:
            raise CommandError("--sources must be at least 1.")
        try:
            report = corpus_generate(sources=sources, seed=seed, progress=self._progress(verbosity))
        except CorpusExists as error:
            raise CommandError(f"{error} Use another --seed or a fresh database.") from error
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(self.style.SUCCESS(f"{report.summary()} Peak memory {peak_mb:.0f} MB."))

    def _progress(self, verbosity: int):
        def show(step: str, done: int, total: int) -> None:
            if verbosity and (done == total or done % 20000 == 0):
                self.stdout.write(f"  {step}: {done:,}/{total:,}")

        return show
