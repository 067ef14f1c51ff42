"""Pictures stored before the extractor kept only web addresses are emptied on upgrade (articles 0007), so a
``javascript:`` or ``data:`` picture stored by an older desk never reaches the API or the export."""

from __future__ import annotations

import importlib
import json

import pytest
from django.apps import apps

from newsdesk.articles.models import Article

pytestmark = pytest.mark.django_db

upgrade = importlib.import_module("newsdesk.articles.migrations.0007_drop_unsafe_image_urls")

STORED = {
    "script": "javascript:alert(document.cookie)",
    "data": "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+",
    "relative": "/images/harbour.jpg",
    "shouting": "HTTPS://wire.example/images/harbour.jpg",
    "web": "https://wire.example/images/harbour.jpg",
    "none": "",
}


def test_upgrade_empties_every_picture_that_is_not_a_web_address(make_source, make_article, client):
    source = make_source("Wire")
    articles = {key: make_article(key, source, image_url=url) for key, url in STORED.items()}

    upgrade.drop_unsafe_image_urls(apps, None)

    kept = {key: Article.objects.get(pk=article.pk).image_url for key, article in articles.items()}
    assert kept == {
        "script": "",
        "data": "",
        "relative": "",
        "shouting": STORED["shouting"],
        "web": STORED["web"],
        "none": "",
    }
    answer = client.get(f"/api/v1/articles/{articles['script'].pk}")
    assert answer.status_code == 200 and "javascript:" not in json.dumps(answer.json())
