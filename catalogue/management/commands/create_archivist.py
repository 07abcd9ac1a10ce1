import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from catalogue.services import archivist_create

PASSWORD_VARIABLE = "KOSHO_ARCHIVIST_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create an archivist (a staff user in the archivists' group), or reset one's password. "
        f"The password is asked for, or read from {PASSWORD_VARIABLE} when there is no terminal."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, email, **options):
        password = os.environ.get(PASSWORD_VARIABLE) or self.ask_password()
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        _, created = archivist_create(username=username, password=password, email=email)
        verb = "Created" if created else "Reset the password of"
        self.stdout.write(self.style.SUCCESS(f"{verb} archivist {username}; log in at /admin/."))

    def ask_password(self) -> str:
        if not os.isatty(0):
            raise CommandError(f"No terminal to ask for a password: set {PASSWORD_VARIABLE}.")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords differ.")
        return password
