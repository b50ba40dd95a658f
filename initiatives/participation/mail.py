"""Every e-mail the catalogue sends: in the recipient's language, as plain text and HTML.

Messages are rendered from `templates/participation/email/<name>.txt` and `.html` with the
language switched to the recipient's; links are absolute, on SITE_URL, since a digest sent by
cron has no request. Sending goes through Django's backend (console by default, SMTP in
production: README, "Participation").
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

log = logging.getLogger(__name__)
PUBLISHERS = "Publishers"  # the group of migration 0004 (create_staff_account --role publisher)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def url_in(language: str, name: str, *args, **kwargs) -> str:
    """An absolute address of a page in the given interface language."""
    with translation.override(language):
        return absolute(reverse(name, args=args, kwargs=kwargs))


def message(name: str, to: list[str], language: str, context: dict, unsubscribe: str = ""):
    """The message `name` for these recipients, in `language`; unsent."""
    with translation.override(language):
        context = {"site_url": settings.SITE_URL, "language": language, **context}
        subject = render_to_string(f"participation/email/{name}.subject.txt", context)
        text = render_to_string(f"participation/email/{name}.txt", context)
        html = render_to_string(f"participation/email/{name}.html", context)
    headers = {}
    if unsubscribe:
        # RFC 2369 and RFC 8058: mail clients offer their own "unsubscribe" button, which
        # POSTs to the address without opening it.
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=to, headers=headers
    )
    email.attach_alternative(html, "text/html")
    return email


def send(name: str, to: list[str], language: str, context: dict, unsubscribe: str = "") -> None:
    """Send now; raises what the backend raises (callers decide what a failure means)."""
    message(name, to, language, context, unsubscribe).send()


def send_quietly(name: str, to: list[str], language: str, context: dict) -> bool:
    """Send, logging a failure instead of raising it: for the messages sent while a visitor or
    an editor waits, whose work is saved already and must not end in an error page."""
    try:
        send(name, to, language, context)
    except Exception:
        log.exception("e-mail %s could not be sent", name)
        return False
    return True


def publishers_addresses() -> list[str]:
    users = get_user_model().objects.filter(groups__name=PUBLISHERS, is_active=True, email__gt="")
    return sorted(set(users.values_list("email", flat=True)))


def default_language() -> str:
    """Staff accounts hold no language: their notices are in the site's first language."""
    return settings.LANGUAGE_CODE
