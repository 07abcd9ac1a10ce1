from django.core.management.base import BaseCommand, CommandError

from catalogue.services import frus_volume_import
from catalogue.tei import TEIError


class Command(BaseCommand):
    help = (
        "Import FRUS TEI volumes: one series per volume, one source per document. Re-importing "
        "a file updates what changed and creates no duplicates. Each file is one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="FRUS TEI volume(s)")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish new sources at once (default: draft, for an archivist to review).",
        )

    def handle(self, *args, files, publish, **options):
        rejected = 0
        for path in files:
            self.stdout.write(f"{path}:")
            try:
                report = frus_volume_import(
                    source=path, publish=publish, progress=self._progress(options["verbosity"])
                )
            except (TEIError, OSError) as error:
                rejected += 1
                self.stderr.write(f"  rejected, nothing written — {error}")
                continue
            self.stdout.write(self.style.SUCCESS(f"  {report.summary()}"))
            for ref, reason in report.skipped:
                self.stdout.write(f"  skipped {ref}: {reason}")
            for ref, warning in report.warnings:
                self.stdout.write(f"  note {ref}: {warning}")
            if report.agents_created and options["verbosity"] > 1:
                self.stdout.write(f"  new agents: {', '.join(report.agents_created)}")
        if rejected:
            raise CommandError(f"{rejected} of {len(files)} file(s) rejected.")

    def _progress(self, verbosity: int):
        if verbosity == 0:
            return None

        def show(done: int, total: int) -> None:
            # About ten lines per file, whatever its length, and always the last one.
            if done == total or done % max(total // 10, 1) == 0:
                self.stdout.write(f"  {done}/{total} documents")

        return show
