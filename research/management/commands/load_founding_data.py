from django.core.management.base import BaseCommand

from catalogue.models import Source
from negotiations.models import Claim, Event
from research.services import FOUNDING_FIXTURE, founding_data_load


class Command(BaseCommand):
    help = "Load the founding data set (Ozawa 1987) from fixtures/; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--fixture", default=str(FOUNDING_FIXTURE))

    def handle(self, *args, fixture, verbosity, **options):
        founding_data_load(fixture=fixture, verbosity=max(verbosity - 1, 0))
        self.stdout.write(
            self.style.SUCCESS(
                f"Founding data loaded: {Source.objects.count()} sources, "
                f"{Event.objects.count()} events, {Claim.objects.count()} claims."
            )
        )
