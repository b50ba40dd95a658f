"""The API's documentation page: its OpenAPI document read as a page of the site (endpoints,
parameters, examples), with no script and nothing loaded from elsewhere. Swagger UI and Redoc
both need inline scripts or styles that the site's Content-Security-Policy refuses."""

import functools

from django.conf import settings
from django.urls import reverse
from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator

EXAMPLE_ERROR = (
    '{"error": {"status": 400, "code": "invalid", "message": "Some parameters are invalid.", '
    '"fields": {"year_from": ["Enter a whole number."]}}}'
)


@functools.cache
def openapi_document() -> dict:
    return SchemaGenerator(patterns=None).get_schema(request=None, public=True)


def endpoints(document: dict) -> list[dict]:
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            parameters = [
                {
                    "name": parameter["name"],
                    "where": parameter["in"],
                    "description": parameter.get("description", ""),
                    "values": describe(parameter.get("schema", {})),
                }
                for parameter in operation.get("parameters", [])
            ]
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "description": operation.get("description", "").strip(),
                    "parameters": parameters,
                }
            )
    return found


def describe(schema: dict) -> str:
    if schema.get("type") == "array":
        return describe(schema.get("items", {})) + " (repeatable)"
    if "enum" in schema:
        return ", ".join(str(value) for value in schema["enum"] if value)
    return schema.get("type", "")


class ApiDocumentation(TemplateView):
    template_name = "api_docs.html"

    def get_context_data(self, **kwargs):
        document = openapi_document()
        return super().get_context_data(
            endpoints=endpoints(document),
            api_root=self.request.build_absolute_uri(reverse("api:root")),
            openapi_url=reverse("api:openapi"),
            licence_name=settings.DATA_LICENCE_NAME,
            licence_url=settings.DATA_LICENCE_URL,
            rate=settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["address"],
            example_request=f"curl '{self.request.build_absolute_uri(reverse('api:initiatives'))}"
            "?q=drones&country=FR'",
            example_error=EXAMPLE_ERROR,
            **kwargs,
        )
