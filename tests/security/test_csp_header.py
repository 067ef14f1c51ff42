"""Every answer carries the strict Content-Security-Policy, and no template of ours needs it relaxed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

import newsdesk

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    ["/", reverse("sources:list"), reverse("admin:login"), "/search/?q=x", "/no-such-page/", "/api/v1/sources"],
)
def test_pages_carry_the_strict_policy(client, address):
    assert directives(client.get(address)["Content-Security-Policy"]) == POLICY


@pytest.mark.django_db
def test_the_api_docs_alone_may_show_data_images(client):
    # Swagger UI's icons are data: images; nothing else is relaxed there.
    assert directives(client.get("/api/v1/docs")["Content-Security-Policy"]) == {**POLICY, "img-src": "'self' data:"}


def test_no_template_has_inline_script_style_or_handlers():
    # The browser test proves it on the pages it visits; this catches a template no test renders.
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")|<style|\bstyle=|\son[a-z]+=", re.I
    )
    package = Path(newsdesk.__file__).parent
    offenders = [
        str(path.relative_to(package))
        for path in package.glob("*/templates/**/*.html")
        if inline.search(path.read_text())
    ]
    assert offenders == []
