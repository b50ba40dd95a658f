"""Every e-mail the catalogue sends: in the recipient's language, as plain text and HTML.

Messages are rendered from `templates/participation/email/<name>.txt` and `.html` with the
language switched to the recipient's; links are absolute, on SITE_URL, since a digest sent by
cron has no request. Sending goes through Django's backend (console by default, SMTP in
production: README, "Participation").
"""

import logging
import smtplib
import socket

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, mailers
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

log = logging.getLogger(__name__)
# Errors by which the mail server refused the message, or was never reached: nothing was
# delivered, so the message may be tried again. Any other error (a timeout or a broken
# connection after the message was handed over, the server's answer to QUIT) may come after
# delivery: a message that failed so is not tried again, since a digest must never come twice.
NOT_SENT = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPNotSupportedError,
    ConnectionRefusedError,
    socket.gaierror,
)
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


def send_all_quietly(messages) -> None:
    """Send `messages` over one connection; a failure is logged, never raised."""
    try:
        mailers.default.send_messages(messages)
    except Exception:
        log.exception("%d e-mails could not all be sent", len(messages))


def publishers_addresses() -> list[str]:
    users = get_user_model().objects.filter(groups__name=PUBLISHERS, is_active=True, email__gt="")
    return sorted(set(users.values_list("email", flat=True)))


def default_language() -> str:
    """Staff accounts hold no language: their notices are in the site's first language."""
    return settings.LANGUAGE_CODE
