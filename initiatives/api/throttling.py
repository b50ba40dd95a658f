"""Requests per client address (REST framework's throttling, in the default cache: per process
with the default cache, across servers with CACHE_URL=redis://…). Over the rate: 429 with
Retry-After."""

from rest_framework.throttling import SimpleRateThrottle


class PerAddressThrottle(SimpleRateThrottle):
    scope = "address"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
