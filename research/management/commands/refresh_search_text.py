from django.core.management.base import BaseCommand

from research.services import search_text_refresh_all


class Command(BaseCommand):
    help = (
        "Rebuild the derived data of every record: search text, the stage and strategy links of "
        "sources, the stamps of their cached records (after raw loads or SQL edits)."
    )

    def handle(self, *args, **options):
        changed = search_text_refresh_all()
        self.stdout.write(
            self.style.SUCCESS(
                f"Derived data rebuilt; {changed} rows changed (every source's record stamp "
                "renewed among them)."
            )
        )
