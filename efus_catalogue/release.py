"""Which release of the code is running: part of every cache key an answer's presentation
depends on, since a shared cache (Redis) outlives a deploy."""

import functools
import hashlib
from pathlib import Path

import django
from django.conf import settings

RELEASE_PATHS = ["pyproject.toml", "efus_catalogue", "initiatives", "templates", "static", "locale"]


@functools.cache
def release() -> str:
    """A fingerprint of the code, templates, static files and pinned dependencies, the same on
    every app server running the same release (computed once per process: 13 ms here)."""
    digest = hashlib.sha256(django.get_version().encode())
    base = Path(settings.BASE_DIR)
    for name in RELEASE_PATHS:
        root = base / name
        files = [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
