import tablib
from django.core.management.base import BaseCommand, CommandError

from catalogue.resources import AgentResource, SourceResource
from negotiations.resources import EventResource, EvidenceResource

RESOURCES = {
    "sources": SourceResource,
    "agents": AgentResource,
    "events": EventResource,
    "evidence": EvidenceResource,
}


class Command(BaseCommand):
    help = (
        "Import a CSV file of the admin's import format (UTF-8), outside the request timeout: "
        "for files too large for the admin. All or nothing, like the admin; --dry-run checks "
        "every row and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(RESOURCES))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, kind, file, dry_run, **options):
        try:
            with open(file, encoding="utf-8-sig") as stream:
                dataset = tablib.Dataset().load(stream.read(), format="csv")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: {error}") from error
        total = len(dataset)
        resource = RESOURCES[kind]()
        if options["verbosity"] > 0:
            step = max(total // 10, 1)

            def progress(row_number):
                if row_number and (row_number % step == 0 or row_number == total):
                    self.stdout.write(f"  {row_number}/{total} rows")

            resource.progress = progress
        result = resource.import_data(dataset, dry_run=dry_run)
        bad = [(row.number, row.error_dict) for row in result.invalid_rows]
        bad += [(number, errors) for number, errors in result.row_errors()]
        for number, errors in bad[:50]:
            self.stderr.write(f"  row {number}: {errors}")
        if bad:
            raise CommandError(f"{len(bad)} row(s) refused; nothing was written.")
        totals = ", ".join(f"{n} {name}" for name, n in result.totals.items() if n)
        verb = "Checked (dry run, nothing written)" if dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{verb}: {total} rows — {totals or 'no changes'}."))
