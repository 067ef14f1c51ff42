"""A little of everything the API publishes: articles from two outlets, a story, an entity naming an article,
and comments (one approved, one held, each with an email that must never be published)."""

from __future__ import annotations

import uuid

import pytest

from newsdesk.comments.models import Comment

SECRET_EMAIL = "fuzz-reader-7c1d@example.org"
ENTITY_ID = uuid.UUID("6f1c0d2e-5b7a-4c1e-9d3f-2a8b7c6d5e4f")


@pytest.fixture
def newsroom(outlets, make_article, make_story, django_capture_on_commit_callbacks):
    from newsdesk.entities.models import Entity, Mention

    gazette, wire = outlets[:2]
    with django_capture_on_commit_callbacks(execute=True):  # the search index is written on commit
        articles = [
            make_article(f"flood-{n}", gazette if n % 2 else wire, hours_ago=n, title=f"Flood barrier report {n}")
            for n in range(1, 6)
        ]
        story = make_story(*articles[:3])
    entity = Entity.objects.create(id=ENTITY_ID, key="place:harbour town", name="Harbour Town", type=Entity.Type.PLACE)
    Mention.objects.create(entity=entity, article=articles[0])
    for status in (Comment.Status.APPROVED, Comment.Status.PENDING):
        Comment.objects.create(
            article=articles[0], name="Ada", email=SECRET_EMAIL, body=f"A {status} comment.", status=status
        )
    return {"articles": articles, "story": story, "entity": entity, "sources": [gazette, wire]}
