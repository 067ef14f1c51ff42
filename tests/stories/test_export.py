"""The export carries each article's story and the article it duplicates."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def exported(capsys) -> dict[str, dict]:
    call_command("export", "--format", "jsonl")
    return {r["id"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}


def test_export_has_story_id_and_duplicate_of(capsys, outlets, make_article, make_story):
    original = make_article("wire", outlets[1], hours_ago=2)
    copy = make_article("copy", outlets[0], hours_ago=1, duplicate_of=original)
    loose = make_article("loose", outlets[2])
    story = make_story(original, copy)

    records = exported(capsys)

    assert records[str(original.id)]["story_id"] == str(story.id)
    assert records[str(original.id)]["duplicate_of"] is None
    assert records[str(copy.id)]["story_id"] == str(story.id)
    assert records[str(copy.id)]["duplicate_of"] == str(original.id)
    assert records[str(loose.id)]["story_id"] is None and records[str(loose.id)]["duplicate_of"] is None
    assert {"id", "url", "canonical_url", "source", "title", "summary_sentences"} <= records[str(copy.id)].keys()
