"""One shape for every error the API answers (documented in the README and the OpenAPI
description):

    {"error": {"status": 400, "code": "invalid", "message": "…", "fields": {"year_from": […]}}}

`fields` only for invalid parameters, each with the messages the list page shows beside them.
"""

from rest_framework.views import exception_handler


def api_exception_handler(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an API exception: Django's 500 handling (and its logging) applies
    detail = response.data
    fields = None
    if isinstance(detail, dict) and "detail" not in detail:
        fields = {
            name: [str(m.get("message", m)) if isinstance(m, dict) else str(m) for m in messages]
            for name, messages in detail.items()
        }
        message = "Some parameters are invalid."
    elif isinstance(detail, dict):
        message = str(detail["detail"])
    else:
        message = " ".join(str(item) for item in detail)
    codes = exc.get_codes() if hasattr(exc, "get_codes") else None
    code = codes if isinstance(codes, str) else getattr(exc, "default_code", "error")
    error = {"status": response.status_code, "code": code, "message": message}
    if fields:
        error["fields"] = fields
    response.data = {"error": error}
    return response
