from datetime import UTC, datetime

import pytest

from tests.support.seed import load_seed


@pytest.fixture
def seed_article(make_source, make_article):
    """The seed's text stored as a published article of an outlet that allows republishing."""
    seed = load_seed()
    source = make_source("Military Wire")
    source.republish_full_text = True
    source.save()
    published = datetime(2025, 3, 15, 14, 30, tzinfo=UTC)
    return make_article(
        "seed",
        source,
        title=seed.title,
        text="\n\n".join(seed.paragraphs),
        published_at=published,
        fetched_at=published,
    )
