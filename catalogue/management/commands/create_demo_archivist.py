from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from catalogue.services import archivist_create


class Command(BaseCommand):
    help = "Create (or reset) the demo archivist account of a local run and print its credentials."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="archivist")
        parser.add_argument("--password", default="kosho-demo")
        parser.add_argument(
            "--force", action="store_true", help="Allow it with DJANGO_DEBUG off (not advised)."
        )

    def handle(self, *args, username, password, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create a demo account with a known password on a production "
                "configuration (DJANGO_DEBUG is off). Use createsuperuser, or pass --force."
            )
        _, created = archivist_create(username=username, password=password)
        verb = "Created" if created else "Reset"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} demo archivist — username: {username}  password: {password}  "
                "(log in at /admin/)"
            )
        )
