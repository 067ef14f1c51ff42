"""NEWSDESK_HTTPS=1: secure cookies, HSTS and the proxy's scheme header; redirects only when asked."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.urls import reverse

HTTPS_NAMES = (
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
)


def settings_with(tmp_path, **env) -> dict:
    """The real settings module's values for these variables, read in a fresh interpreter."""
    script = (
        "import json, newsdesk.settings as s; "
        f"print(json.dumps({{name: getattr(s, name) for name in {HTTPS_NAMES!r}}}))"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    environment.update({"NEWSDESK_DATA_DIR": str(tmp_path)}, **{f"NEWSDESK_{k}": v for k, v in env.items()})
    out = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_https_turns_on_secure_cookies_hsts_and_the_proxy_header(tmp_path):
    values = settings_with(tmp_path, HTTPS="1")
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_SSL_REDIRECT": False,
    }


def test_without_https_nothing_changes(tmp_path):
    values = settings_with(tmp_path, HTTPS_REDIRECT="1")
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["SECURE_SSL_REDIRECT"] is False


def test_redirect_and_subdomains_only_when_asked(tmp_path):
    values = settings_with(tmp_path, HTTPS="1", HTTPS_REDIRECT="1", HSTS_INCLUDE_SUBDOMAINS="1")
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True


@pytest.fixture
def https_settings(settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


@pytest.mark.django_db
def test_behind_the_proxy_pages_carry_hsts_and_cookies_are_secure(https_settings, client, django_user_model):
    page = client.get(reverse("admin:login"), HTTP_X_FORWARDED_PROTO="https")
    assert page["Strict-Transport-Security"] == "max-age=31536000"
    assert page.cookies["csrftoken"]["secure"] is True

    django_user_model.objects.create_superuser("editor", "e@example.org", "pw-1234567890")
    logged_in = client.post(
        reverse("admin:login"), {"username": "editor", "password": "pw-1234567890"}, HTTP_X_FORWARDED_PROTO="https"
    )
    assert logged_in.status_code == 302
    assert logged_in.cookies["sessionid"]["secure"] is True


@pytest.mark.django_db
def test_plain_http_from_the_proxy_gets_no_hsts(https_settings, client):
    # HSTS over plain HTTP means nothing (and browsers ignore it); Django only sends it on secure requests.
    assert "Strict-Transport-Security" not in client.get(reverse("admin:login"))
