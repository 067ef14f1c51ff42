"""`newsdesk export` gains entities and key facts; the JSON API lists entities with cursor pagination."""

import json

import pytest
from django.core.management import call_command

from newsdesk.entities.models import Entity
from newsdesk.entities.store import merge_entities
from newsdesk.entities.understand import understand_pending

pytestmark = pytest.mark.django_db


def test_export_records_carry_entities_and_key_facts(seed_article, tmp_path):
    understand_pending()
    out = tmp_path / "export.jsonl"
    call_command("export", "--format", "jsonl", "--output", str(out))
    record = json.loads(out.read_text().splitlines()[0])
    entities = {e["name"]: e for e in record["entities"]}
    assert entities["Abdallah Maki Mosleh al-Rifai"]["type"] == "person"
    assert "Abu Khadija" in entities["Abdallah Maki Mosleh al-Rifai"]["aliases"]
    anbar = entities["Al Anbar"]
    assert (anbar["type"], anbar["country"], anbar["region"]) == ("place", "Iraq", "Al Anbar")
    assert isinstance(anbar["latitude"], float) and isinstance(anbar["longitude"], float)
    assert "country" not in entities["Islamic State"]
    facts = record["key_facts"]
    assert {"who", "what", "where", "when", "sources"} <= set(facts)
    assert facts["when"]["date"] == "2025-03-14"
    assert facts["sources"][0]["name"] == "Military Wire"


def test_export_of_an_unanalysed_article_has_empty_entities_and_null_key_facts(seed_article, tmp_path):
    out = tmp_path / "export.jsonl"
    call_command("export", "--format", "jsonl", "--output", str(out))
    record = json.loads(out.read_text())
    assert record["entities"] == [] and record["key_facts"] is None


def test_api_lists_entities_with_cursor_pagination(client, seed_article):
    understand_pending()
    names, cursor, pages = [], None, 0
    while True:
        answer = client.get("/api/v1/entities", {"limit": 5, **({"cursor": cursor} if cursor else {})}).json()
        names += [e["name"] for e in answer["items"]]
        pages += 1
        cursor = answer["next_cursor"]
        if not cursor:
            break
    assert pages > 1 and len(names) == len(set(names)) == Entity.objects.live().count()
    places = client.get("/api/v1/entities", {"type": "place", "limit": 100}).json()["items"]
    assert {p["type"] for p in places} == {"place"}
    anbar = next(p for p in places if p["name"] == "Al Anbar")
    assert anbar["country"] == "Iraq" and anbar["page_url"].startswith(f"/entity/{anbar['id']}/")


def test_api_entity_detail_and_its_articles(client, seed_article):
    understand_pending()
    rifai = Entity.objects.get(name="Abdallah Maki Mosleh al-Rifai")
    detail = client.get(f"/api/v1/entities/{rifai.pk}").json()
    assert detail["name"] == rifai.name and "Abu Khadija" in detail["aliases"]
    assert "Islamic State" in {e["name"] for e in detail["related"]}
    articles = client.get(f"/api/v1/entities/{rifai.pk}/articles").json()
    assert [a["id"] for a in articles["items"]] == [str(seed_article.pk)]
    assert client.get("/api/v1/entities/00000000-0000-0000-0000-000000000000").status_code == 404


def test_merged_entity_redirects_and_its_mentions_move(client, seed_article):
    understand_pending()
    sudani = Entity.objects.get(name="Mohammed Shia al-Sudani")
    hussein = Entity.objects.get(name="Fouad Hussein")
    merge_entities(sudani, [hussein])
    hussein.refresh_from_db()
    sudani.refresh_from_db()
    assert hussein.merged_into == sudani and "Fouad Hussein" in sudani.aliases
    assert client.get(hussein.get_absolute_url()).url == sudani.get_absolute_url()
    assert client.get(f"/api/v1/entities/{hussein.pk}").json()["id"] == str(sudani.pk)
    assert sudani.article_count == 1 and sudani.mention_count == 4
