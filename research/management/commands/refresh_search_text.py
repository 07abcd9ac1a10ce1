from django.core.management.base import BaseCommand

from research.services import search_text_refresh_all


class Command(BaseCommand):
    help = "Rebuild the normalised search text of every record (after raw loads or SQL edits)."

    def handle(self, *args, **options):
        changed = search_text_refresh_all()
        self.stdout.write(self.style.SUCCESS(f"Search text rebuilt; {changed} rows changed."))
