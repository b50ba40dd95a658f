"""Run in a subprocess by test_operations: the settings' Sentry set-up, with a transport that
keeps the events, serving one failing request through the WSGI application. Prints the events
as JSON. (Sentry patches Django for the life of a process: not in the test process.)"""

import io
import json
from wsgiref.util import setup_testing_defaults

import sentry_sdk
from sentry_sdk.transport import Transport

events = []


class Keep(Transport):
    def capture_envelope(self, envelope):
        if envelope.get_event() is not None:
            events.append(envelope.get_event())


initialise = sentry_sdk.init
sentry_sdk.init = lambda *args, **kwargs: initialise(*args, transport=Keep, **kwargs)

if __name__ == "__main__":
    from django.core.wsgi import get_wsgi_application
    from django.test.utils import override_settings

    application = get_wsgi_application()  # runs settings.py, which initialises Sentry
    environ = {
        "PATH_INFO": "/boom/",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_X_REQUEST_ID": "proxy-id-7",
        "HTTP_COOKIE": "sessionid=a-session-key",
        "REMOTE_ADDR": "203.0.113.9",
        "wsgi.errors": io.StringIO(),
    }
    setup_testing_defaults(environ)
    with override_settings(ROOT_URLCONF="tests.failing_urls"):
        b"".join(application(environ, lambda status, headers: None))
    sentry_sdk.flush()
    print(json.dumps({"active": sentry_sdk.get_client().is_active(), "events": events}))
