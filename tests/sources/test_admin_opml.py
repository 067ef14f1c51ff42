"""OPML in the admin: an upload page linked from the source list, and exports as file downloads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from lxml import html

from newsdesk.pipeline.opml import parse_opml
from newsdesk.sources.models import Source

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:sources_source_changelist")
IMPORT = reverse("admin:sources_source_import_opml")
EXPORT = reverse("admin:sources_source_export_opml")

OPML = b"""<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
<outline type="rss" text="Gazette" xmlUrl="https://harbour.example/feed/"/>
<outline type="rss" text="Ledger" xmlUrl="https://ledger.example/atom.xml"/>
<outline type="rss" text="Bad" xmlUrl="javascript:alert(1)"/>
</body></opml>"""


def upload(content: bytes, name="subs.opml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/x-opml")


def test_source_list_links_to_import_and_export_and_keeps_the_queue_line(admin_client):
    page = admin_client.get(CHANGELIST).content.decode()
    assert f'href="{IMPORT}"' in page and f'href="{EXPORT}"' in page
    assert "waiting to be fetched" in page


def test_uploading_opml_adds_sources_and_shows_the_counts(admin_client):
    Source.objects.create(url="https://ledger.example/atom.xml")

    response = admin_client.post(IMPORT, {"file": upload(OPML)}, follow=True)

    assert response.redirect_chain[-1][0] == CHANGELIST
    assert "Imported 1, skipped 1 already present, 1 invalid." in response.content.decode()
    assert set(Source.objects.values_list("url", flat=True)) == {
        "https://harbour.example/feed/",
        "https://ledger.example/atom.xml",
    }


def test_import_page_has_a_csrf_protected_upload_form(admin_client):
    page = html.fromstring(admin_client.get(IMPORT).content)
    (form,) = page.xpath("//form[@enctype='multipart/form-data']")
    assert form.xpath(".//input[@name='csrfmiddlewaretoken']") and form.xpath(".//input[@type='file'][@name='file']")


def test_upload_without_the_csrf_token_is_refused(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(IMPORT, {"file": upload(OPML)})
    assert response.status_code == 403
    assert not Source.objects.exists()


def test_uploading_a_file_that_is_not_opml_shows_the_reason_on_the_form(admin_client):
    response = admin_client.post(IMPORT, {"file": upload(b"<html><body>hi</body></html>", "page.html")})
    assert response.status_code == 200
    assert "not an OPML file" in response.content.decode()
    assert not Source.objects.exists()


@pytest.mark.parametrize("url", [IMPORT, EXPORT])
def test_pages_are_for_staff_only(client, url):
    response = client.get(url)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_export_all_downloads_every_feed_as_opml(admin_client):
    Source.objects.create(url="https://harbour.example/feed/", title="Gazette")
    Source.objects.create(url="https://ledger.example/atom.xml", title="Ledger")

    response = admin_client.get(EXPORT)

    assert response["Content-Type"].startswith("text/x-opml")
    assert response["Content-Disposition"].startswith("attachment;")
    assert [o.xml_url for o in parse_opml(response.content)] == [
        "https://harbour.example/feed/",
        "https://ledger.example/atom.xml",
    ]


def test_export_selected_action_downloads_only_the_selected_sources(admin_client):
    chosen = Source.objects.create(url="https://harbour.example/feed/", title="Gazette")
    Source.objects.create(url="https://ledger.example/atom.xml", title="Ledger")

    response = admin_client.post(
        CHANGELIST, {"action": "export_selected_opml", "_selected_action": [chosen.pk], "index": 0}
    )

    assert response["Content-Type"].startswith("text/x-opml")
    assert "attachment" in response["Content-Disposition"]
    assert [(o.xml_url, o.title) for o in parse_opml(response.content)] == [
        ("https://harbour.example/feed/", "Gazette")
    ]
