from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Catalogue")

    def ready(self):
        from initiatives import checks  # noqa: F401  (registers the checks)
