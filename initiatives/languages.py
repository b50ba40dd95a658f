"""The languages catalogue texts are written in, and the text-search configuration of each.

Every configuration is a copy of PostgreSQL's own with the `unaccent` dictionary chained before
the stemmer (migration 0001), so that `securite` finds `sécurité` in every language.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    GERMAN = "de", _("German")
    SPANISH = "es", _("Spanish")
    ITALIAN = "it", _("Italian")
    DUTCH = "nl", _("Dutch")
    PORTUGUESE = "pt", _("Portuguese")
    OTHER = "xx", _("Other")


# language code -> (our configuration, the PostgreSQL configuration it copies)
SEARCH_CONFIGS = {
    Language.ENGLISH: ("efus_english", "english"),
    Language.FRENCH: ("efus_french", "french"),
    Language.GERMAN: ("efus_german", "german"),
    Language.SPANISH: ("efus_spanish", "spanish"),
    Language.ITALIAN: ("efus_italian", "italian"),
    Language.DUTCH: ("efus_dutch", "dutch"),
    Language.PORTUGUESE: ("efus_portuguese", "portuguese"),
}
SIMPLE_CONFIG = "efus_simple"


def search_config(language: str) -> str:
    return SEARCH_CONFIGS.get(language, (SIMPLE_CONFIG, "simple"))[0]
