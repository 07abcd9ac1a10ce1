from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from catalogue.models import Source
from negotiations.models import Claim, Event
from research.services import FOUNDING_FIXTURE, founding_data_load


class Command(BaseCommand):
    help = "Load the founding data set (Ozawa 1987) from fixtures/; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--fixture", default=str(FOUNDING_FIXTURE))
        parser.add_argument(
            "--user", help="Username the records' first history entries are credited to."
        )

    def handle(self, *args, fixture, verbosity, user=None, **options):
        credited = None
        if user:
            credited = get_user_model().objects.filter(username=user).first()
            if credited is None:
                raise CommandError(f"--user: no user named {user!r}.")
        founding_data_load(fixture=fixture, verbosity=max(verbosity - 1, 0), user=credited)
        self.stdout.write(
            self.style.SUCCESS(
                f"Founding data loaded: {Source.objects.count()} sources, "
                f"{Event.objects.count()} events, {Claim.objects.count()} claims."
            )
        )
