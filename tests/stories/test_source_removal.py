import pytest
from django.core.management import call_command

from newsdesk.stories.models import Story

pytestmark = pytest.mark.django_db


def test_removing_a_source_mends_or_deletes_its_stories(outlets, make_article, make_story):
    gazette, wire = outlets[:2]
    shared = make_story(make_article("g-1", gazette, hours_ago=3), make_article("w-1", wire, hours_ago=2))
    only_gazette = make_story(make_article("g-2", gazette, hours_ago=1))

    call_command("sources", "remove", str(gazette.pk))

    shared.refresh_from_db()
    assert (shared.article_count, shared.outlet_count) == (1, 1)
    assert not Story.objects.filter(pk=only_gazette.pk).exists()


def test_admin_bulk_delete_of_sources_mends_stories(admin_client, outlets, make_article, make_story):
    gazette, wire = outlets[:2]
    shared = make_story(make_article("g-1", gazette, hours_ago=3), make_article("w-1", wire, hours_ago=2))
    admin_client.post(
        "/admin/sources/source/", {"action": "delete_selected", "_selected_action": [gazette.pk], "post": "yes"}
    )
    shared.refresh_from_db()
    assert shared.article_count == 1
