"""Security headers Django does not set itself."""

from django.conf import settings


def permissions_policy_middleware(get_response):
    """Permissions-Policy: the catalogue uses no camera, microphone, location… so it denies
    them to every page, and to anything a compromised page could load."""

    def middleware(request):
        response = get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware
