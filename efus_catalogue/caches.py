"""Cache settings from the environment: how long public pages stay fresh."""

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

DEFAULT_PUBLIC_MAX_AGE = 60  # seconds


def public_max_age(environ: Mapping[str, str]) -> int:
    """Seconds a public page stays fresh in caches (PUBLIC_CACHE_MAX_AGE, default 60)."""
    value = environ.get("PUBLIC_CACHE_MAX_AGE", "").strip() or str(DEFAULT_PUBLIC_MAX_AGE)
    if not value.isdigit():
        raise ImproperlyConfigured(
            f"PUBLIC_CACHE_MAX_AGE must be a whole number of seconds, not {value!r}."
        )
    return int(value)
