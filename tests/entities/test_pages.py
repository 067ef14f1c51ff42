"""What a reader sees: the key-facts box on article and story pages, entity pages, their feeds and map."""

import re
from datetime import timedelta

import pytest

from newsdesk.entities.models import Entity
from newsdesk.entities.understand import understand_pending

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return re.sub(r"\s+([,;])", r"\1", re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def key_facts_box(html: str) -> str:
    match = re.search(r'<section class="key-facts".*?</section>', html, re.S)
    assert match, "the page has a key-facts box"
    return match.group(0)


def test_article_page_has_no_key_facts_box_until_analysed(client, seed_article):
    assert 'class="key-facts"' not in client.get(seed_article.get_absolute_url()).content.decode()


def test_article_page_shows_key_facts_linking_entity_pages(client, seed_article):
    understand_pending()
    html = client.get(seed_article.get_absolute_url()).content.decode()
    box = key_facts_box(html)
    who = text_of(re.search(r'<dd class="who">.*?</dd>', box, re.S).group(0))
    assert "Abdallah Maki Mosleh al-Rifai" in who and "Iraq’s national intelligence service" in who
    assert "U.S.-led coalition" in who
    assert "The head of the Islamic State in Iraq and Syria has been killed" in box
    where = text_of(re.search(r'<dd class="where">.*?</dd>', box, re.S).group(0))
    assert "Al Anbar, Iraq" in where
    assert '<time datetime="2025-03-14">Friday 14 March 2025</time>' in box
    assert "Military Wire" in text_of(re.search(r'<dd class="sources">.*?</dd>', box, re.S).group(0))
    rifai = Entity.objects.get(name="Abdallah Maki Mosleh al-Rifai")
    assert f'href="{rifai.get_absolute_url()}"' in box


def test_story_page_combines_its_articles_key_facts(client, seed_article, make_source, make_article, make_story):
    other = make_article(
        "second",
        make_source("Baghdad Post"),
        title="Iraq says IS leader killed in strike",
        text="Iraqi Prime Minister Mohammed Shia al-Sudani said on Friday that Abu Khadija, the "
        "head of the Islamic State group, was killed in an airstrike in Anbar province.",
        published_at=seed_article.published_at + timedelta(hours=2),
    )
    story = make_story(seed_article, other)
    understand_pending()
    box = key_facts_box(client.get(story.get_absolute_url()).content.decode())
    assert "Abdallah Maki Mosleh al-Rifai" in box and "Al Anbar" in box
    assert "Military Wire" in box and "Baghdad Post" in box
    assert "2025-03-14" in box


def test_entity_page_lists_aliases_articles_stories_related_and_feeds(client, seed_article, make_story):
    story = make_story(seed_article)
    understand_pending()
    rifai = Entity.objects.get(name="Abdallah Maki Mosleh al-Rifai")
    response = client.get(rifai.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Abdallah Maki Mosleh al-Rifai</h1>" in html
    assert "Abu Khadija" in text_of(html) and "Person" in text_of(html)
    assert seed_article.get_absolute_url() in html and story.get_absolute_url() in html
    related = re.search(r'<section class="related-entities".*?</section>', html, re.S).group(0)
    assert "Islamic State" in related and "Iraq" in related
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="Articles naming Abdallah Maki Mosleh al-Rifai (RSS)" href="/entity/{rifai.pk}/feed/">'
        in html
    )
    # A wrong or missing slug redirects to the one address.
    assert client.get(f"/entity/{rifai.pk}/").status_code == 301


def test_place_page_shows_country_region_and_an_offline_map(client, seed_article):
    understand_pending()
    anbar = Entity.objects.get(name="Al Anbar")
    html = client.get(anbar.get_absolute_url()).content.decode()
    assert '<dd class="country">Iraq</dd>' in html
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    x, y = (float(v) for v in re.search(r'<circle class="marker" cx="([\d.]+)" cy="([\d.]+)"', svg).groups())
    assert abs(x - (anbar.longitude + 180)) < 0.01 and abs(y - (90 - anbar.latitude)) < 0.01
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing fetched


def test_entity_feeds_list_the_articles_naming_it(client, seed_article):
    understand_pending()
    iraq = Entity.objects.get(key="place:IQ")
    rss = client.get(f"/entity/{iraq.pk}/feed/")
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    assert seed_article.title in rss.content.decode()
    atom = client.get(f"/entity/{iraq.pk}/feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml") and seed_article.title in atom.content.decode()


def test_names_are_escaped(client, make_source, make_article):
    make_article(
        "xss",
        make_source("Evil"),
        title="Attack",
        text=(
            "Police said John <script>alert(1)</script> Smith was arrested in London on Monday, the Metropolitan "
            "Police said."
        ),
    )
    understand_pending()
    for entity in Entity.objects.all():
        html = client.get(entity.get_absolute_url()).content.decode()
        assert "<script>alert(1)</script>" not in html


def test_a_place_the_gazetteer_does_not_know_is_named_without_a_dangling_country(client, make_source, make_article):
    # Fenholm is one of the demo newsroom's made-up towns: found by the model, resolved to no country.
    article = make_article(
        "fenholm",
        make_source("Metro Wire"),
        title="Repairs near Fenholm",
        text=(
            "Services on the line between Stannard Cross and Marrowgate will resume on Wednesday once repairs to "
            "overhead wires near Fenholm are finished, Brennholt Railways said on Tuesday."
        ),
    )
    understand_pending()
    box = text_of(key_facts_box(client.get(article.get_absolute_url()).content.decode()))
    assert "Where" in box
    assert not re.search(r",\s*(;|Where|When|$)", box.split("Where", 1)[1].split("When", 1)[0].strip())
