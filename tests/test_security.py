"""Security in production: headers, no inline code for the CSP to block, the proxy declared
rather than believed, login throttling, and `check --deploy` silent."""

import io
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from initiatives.models import Initiative

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]

# An inline <script> without src, except a JSON-LD data block: a script element whose type is
# not JavaScript is data that browsers never run, so the Content-Security-Policy does not
# apply to it (nor report it). The pages' schema.org descriptions are such blocks
# (templatetags/page_meta.py: json_ld), their JSON escaped so that no "</script>" ends them.
INLINE_SCRIPT = re.compile(
    r'<script(?![^>]*\bsrc=)(?![^>]*\btype="application/ld\+json")[^>]*>', re.I
)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.I)


def public_pages():
    initiative = Initiative.objects.published().first()
    listed = reverse("initiatives:list")
    return [
        reverse("home"),
        f"{listed}?q=drones",
        initiative.get_absolute_url(),
        f"{reverse('search')}?q=drones",
        reverse("news:list"),
        reverse("manifesto:current"),
        f"{listed}?year_from=abc",
        "/fr/",
        reverse("initiatives:explore"),
        f"{reverse('initiatives:compare')}?i={initiative.slug}&i=no-such",
    ]


def test_public_pages_send_the_security_headers(client):
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_no_page_has_code_the_policy_would_block(client, admin_client):
    pages = [client.get(url) for url in public_pages()]
    admin_urls = [
        reverse("admin:index"),
        reverse("admin:initiatives_initiative_changelist"),
        reverse("admin:initiatives_initiative_change", args=[Initiative.objects.first().pk]),
        reverse("admin:initiatives_initiative_add"),
        reverse("admin:initiatives_initiative_import"),
        reverse("admin:initiatives_initiative_history", args=[Initiative.objects.first().pk]),
        reverse("admin:initiatives_manifesto_add"),
        reverse("admin:initiatives_initiative_export"),
    ]
    pages += [admin_client.get(url) for url in admin_urls]
    for response in pages:
        html = response.content.decode()
        url = response.wsgi_request.get_full_path()
        assert response.status_code in (200, 400), url
        assert not INLINE_SCRIPT.search(html), (url, INLINE_SCRIPT.search(html).group())
        assert not INLINE_STYLE.search(html), (url, INLINE_STYLE.search(html).group())
        assert not EVENT_HANDLER.search(html), (url, EVENT_HANDLER.search(html).group())


def test_forwarded_proto_is_believed_only_from_a_declared_proxy(client):
    assert not hasattr(settings, "SECURE_PROXY_SSL_HEADER") or not settings.TRUSTED_PROXY
    claimed = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert not claimed.wsgi_request.is_secure()
    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        behind_proxy = client.get("/", headers={"X-Forwarded-Proto": "https"})
        assert behind_proxy.wsgi_request.is_secure()


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k7Qw-production-like-secret-key-with-plenty-of-entropy-9xZ2vL",
    "ALLOWED_HOSTS": "catalogue.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://catalogue.example.org",
    "HTTPS": "1",
    "TRUSTED_PROXY": "1",
    # Without an SMTP server the e-mails would only be printed: Django's deploy check says so.
    "EMAIL_HOST": "smtp.example.org",
    "SITE_URL": "https://catalogue.example.org",
}


def test_check_deploy_is_silent_with_the_documented_production_environment():
    # The browser tests' live server sets DJANGO_ALLOW_ASYNC_UNSAFE, which no deployment has.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**inherited, **PRODUCTION}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_check_deploy_warns_when_e_mails_would_link_to_a_development_address():
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**inherited, **PRODUCTION, "SITE_URL": "http://127.0.0.1:8000"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "participation.W001" in result.stdout + result.stderr


def test_https_deployments_redirect_and_ask_for_hsts(client):
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31_536_000):
        assert client.get("/").status_code == 301
        secure = client.get("/", secure=True)
        assert "max-age=31536000" in secure["Strict-Transport-Security"]


# --- login throttling ----------------------------------------------------------------------


def log_in(client, username, password, address="203.0.113.7"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_repeated_wrong_passwords_lock_the_account_for_that_address(client, editor, caplog):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "edith", "wrong-password").status_code == 200
    assert log_in(client, "edith", "wrong-password").status_code == 429  # the last one allowed
    locked = log_in(client, "edith", "a-long-password-1")
    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.content.decode()
    lockouts = [
        r for r in caplog.records if r.levelname == "WARNING" and "Locking out" in r.getMessage()
    ]
    assert lockouts and "edith" in lockouts[0].getMessage()
    # The same account from another address, and another account here, are not locked.
    assert log_in(client, "edith", "a-long-password-1", address="198.51.100.9").status_code == 302


def test_a_lockout_can_be_lifted_by_an_administrator(client, editor):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "edith", "wrong-password")
    assert log_in(client, "edith", "a-long-password-1").status_code == 429
    call_command("axes_reset_username", "edith", stdout=io.StringIO())
    assert log_in(client, "edith", "a-long-password-1").status_code == 302


def test_a_tile_layer_is_allowed_only_when_configured(client):
    assert "tile" not in client.get(reverse("initiatives:explore"))["Content-Security-Policy"]
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    policy = "from django.conf import settings; print(settings.SECURE_CSP['img-src'])"

    def img_src(tile_url):
        return subprocess.run(
            [sys.executable, "manage.py", "shell", "-v0", "-c", policy],
            env={**inherited, "MAP_TILE_URL": tile_url},
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
        )

    configured = img_src("https://{s}.tile.example.org/{z}/{x}/{y}.png")
    assert "https://*.tile.example.org" in configured.stdout, configured.stderr
    refused = img_src("//tile.example.org/{z}/{x}/{y}.png")  # no scheme: refused at start
    assert refused.returncode != 0 and "MAP_TILE_URL must be" in refused.stderr
