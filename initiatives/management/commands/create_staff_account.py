"""`manage.py create_staff_account NAME --role editor|publisher`: an account for the admin, in the
group of its role (migration 0004), its password asked twice and checked by the password rules."""

import getpass
import os

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ROLES = {"editor": "Editors", "publisher": "Publishers"}  # the groups' names
ROLE_NAMES = {"editor": gettext_lazy("an editor"), "publisher": gettext_lazy("a publisher")}
PASSWORD_VARIABLE = "STAFF_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create an account for the admin as an editor (writes, submits for review) or a "
        f"publisher (also publishes). Asks for the password, or reads ${PASSWORD_VARIABLE} "
        "with --no-input."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=sorted(ROLES), required=True)
        parser.add_argument("--email", default="")
        parser.add_argument("--no-input", action="store_false", dest="interactive")

    def handle(self, *args, username, role, email, interactive, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(
                _("An account named “%(name)s” exists already.") % {"name": username}
            )
        user = User(username=username, email=email, is_staff=True)
        password = self.ask_password() if interactive else os.environ.get(PASSWORD_VARIABLE, "")
        if not password:
            raise CommandError(
                _("No password: type one, or set %(variable)s with --no-input.")
                % {"variable": PASSWORD_VARIABLE}
            )
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user.set_password(password)
        with transaction.atomic():
            user.save()
            user.groups.add(Group.objects.get(name=ROLES[role]))
        self.stdout.write(
            self.style.SUCCESS(
                _("%(name)s can now sign in at /admin/ as %(role)s.")
                % {"name": username, "role": ROLE_NAMES[role]}
            )
        )

    def ask_password(self) -> str:
        password = getpass.getpass(_("Password: "))
        if password != getpass.getpass(_("Password (again): ")):
            raise CommandError(_("The two passwords differ."))
        return password
