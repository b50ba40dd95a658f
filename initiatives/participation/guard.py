"""What keeps robots out of the public forms, without a third party's CAPTCHA.

- a honeypot: a field hidden from people (CSS and `aria-hidden`) that form-filling robots fill;
- a minimum time: the form carries the moment it was shown, signed so that it cannot be forged;
  a form sent back within seconds was not read;
- a rate per client address (REST framework's throttle, so the address is read as the API reads
  it, behind a declared proxy too), counted in the default cache: across app servers only when
  CACHE_URL names a shared Redis; otherwise each process counts its own;
- links counted: more than a few is what spam looks like.
"""

import re
import time

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _
from rest_framework.throttling import SimpleRateThrottle

HONEYPOT = "website"  # a name robots like to fill
STARTED = "started"
SALT = "initiatives.participation.form-started"
# A form kept open longer than this is shown again, fresh, with what was written.
MAX_FORM_AGE = 24 * 3600
LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
# A web address, even a bare domain (mail programs make "casino.example" a link).
WEB_ADDRESS = re.compile(r"https?://|www\.|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b", re.I)

TOO_FAST = _(
    "The form was sent a moment after it was shown, as robots do. Please check it and send it "
    "again."
)
EXPIRED = _("The form was open for too long or was damaged. Please check it and send it again.")
HONEYPOT_FILLED = _("The form was not sent: a field meant to stay empty was filled in.")


def started_token(now: float | None = None) -> str:
    return signing.dumps(int(now if now is not None else time.time()), salt=SALT)


def timing_error(token: str) -> str | None:
    """Why a form's signed start time is refused, or None."""
    try:
        started = signing.loads(token or "", salt=SALT, max_age=MAX_FORM_AGE)
    except signing.BadSignature:  # forged, damaged, or expired (SignatureExpired)
        return str(EXPIRED)
    if not isinstance(started, int) or time.time() - started > MAX_FORM_AGE:
        return str(EXPIRED)
    if time.time() - started < settings.PARTICIPATION_MIN_SECONDS:
        return str(TOO_FAST)
    return None


def count_links(*texts: str) -> int:
    return sum(len(LINK.findall(text or "")) for text in texts)


class ParticipationThrottle(SimpleRateThrottle):
    """Forms sent per client address, every form of the package together."""

    scope = "participation"

    def get_rate(self):
        # Read at each request, not at import as REST framework's setting is: tests and
        # operators change it without a restart of the class.
        return settings.PARTICIPATION_RATE_LIMIT

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def over_rate(request) -> int | None:
    """Seconds to wait when the address has sent too many forms, else None (and it counts)."""
    throttle = ParticipationThrottle()
    if throttle.allow_request(request, None):
        return None
    return max(1, int(throttle.wait() or 1))
