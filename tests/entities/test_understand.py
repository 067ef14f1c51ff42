"""The understand stage over a real database: what it stores, that it stores it once, and that a crash
leaves only unfinished articles to redo."""

import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command

from newsdesk.entities.models import ArticleAnalysis, Entity, EntityAlias, Mention
from newsdesk.entities.understand import pending, understand_pending

pytestmark = pytest.mark.django_db


def test_seed_entities_are_stored_with_places_resolved(seed_article):
    report = understand_pending()
    assert (report.analysed, report.failed) == (1, 0)
    people = set(Entity.objects.filter(type="person").values_list("name", flat=True))
    assert {
        "Abdallah Maki Mosleh al-Rifai",
        "Mohammed Shia al-Sudani",
        "Fouad Hussein",
        "Bashar Assad",
        "Asaad Hassan al-Shibani",
    } <= people
    rifai = Entity.objects.get(name="Abdallah Maki Mosleh al-Rifai")
    assert {"Abu Khadija", "al-Rifai"} <= set(rifai.aliases)
    islamic_state = Entity.objects.get(type="org", name="Islamic State")
    assert {"ISIS", "IS"} <= set(islamic_state.aliases)
    anbar = Entity.objects.get(type="place", name="Al Anbar")
    assert (anbar.country, anbar.region, anbar.country_code) == ("Iraq", "Al Anbar", "IQ")
    assert anbar.latitude and anbar.longitude
    assert Entity.objects.get(type="place", name="Damascus").country == "Syria"
    assert Mention.objects.get(entity=rifai, article=seed_article).count >= 4


def test_key_facts_are_stored_for_the_article(seed_article):
    understand_pending()
    facts = ArticleAnalysis.objects.get(article=seed_article).key_facts
    who = {e["name"] for e in facts["who"]}
    assert {"Abdallah Maki Mosleh al-Rifai", "Iraq’s national intelligence service", "U.S.-led coalition"} <= who
    where = {p["name"]: p for p in facts["where"]}
    assert where["Al Anbar"]["country"] == "Iraq"
    assert facts["when"]["date"] == "2025-03-14" and facts["when"]["text"] == "Friday"
    assert facts["what"].startswith("The head of the Islamic State")


def test_running_twice_stores_nothing_twice(seed_article):
    understand_pending()
    counts = (Entity.objects.count(), Mention.objects.count(), ArticleAnalysis.objects.count())
    again = understand_pending()
    assert again.analysed == 0
    assert (Entity.objects.count(), Mention.objects.count(), ArticleAnalysis.objects.count()) == counts


def test_an_interrupted_run_redoes_only_what_was_not_stored(make_source, make_article, seed_article, monkeypatch):
    source = seed_article.source
    _others = [
        make_article(
            f"k{i}",
            source,
            title=f"Storm hits Cornwall {i}",
            text="Storm Darragh hit Cornwall on Saturday, the Met Office said.",
        )
        for i in range(3)
    ]
    from newsdesk.entities import understand

    calls = []
    real_store = understand.store_understanding

    def crash_on_third(article, result):
        calls.append(article.pk)
        if len(calls) == 3:
            raise KeyboardInterrupt  # the process dies mid-batch
        return real_store(article, result)

    monkeypatch.setattr(understand, "store_understanding", crash_on_third)
    with pytest.raises(KeyboardInterrupt):
        understand_pending()
    assert ArticleAnalysis.objects.count() == 2
    monkeypatch.setattr(understand, "store_understanding", real_store)
    report = understand_pending()
    assert report.analysed == 2
    assert ArticleAnalysis.objects.count() == 4 and not pending().exists()
    met_office = Entity.objects.get(name="Met Office")
    assert met_office.article_count == 3


def test_an_article_whose_analysis_cannot_be_stored_fails_alone(
    make_source, make_article, seed_article, monkeypatch, caplog
):
    source = seed_article.source
    bad = make_article(
        "bad", source, title="Storm hits Cornwall", text="Storm Darragh hit Cornwall, the Met Office said."
    )
    make_article("good", source, title="Storm hits Devon", text="Storm Darragh hit Devon, the Met Office said.")
    from newsdesk.entities import understand

    real_store = understand.store_understanding

    def crash_after_writing_for_bad(article, result):
        if article.pk == bad.pk:
            Entity.objects.create(id=uuid.uuid4(), key="org:half", name="Half", type="org")
            raise ValueError("a bug met on one article")
        return real_store(article, result)

    monkeypatch.setattr(understand, "store_understanding", crash_after_writing_for_bad)
    report = understand_pending()
    assert (report.analysed, report.failed) == (2, 1)
    failed = ArticleAnalysis.objects.get(article=bad)
    assert failed.status == ArticleAnalysis.Status.FAILED and failed.error_reason == "internal_error"
    assert "ValueError: a bug met on one article" in failed.error_message
    assert not Entity.objects.filter(key="org:half").exists()  # its half-written rows went with it
    assert "entities store failed article_id=" in caplog.text
    assert understand_pending().analysed == 0 and not pending().exists()  # not picked up again


def test_the_same_person_across_articles_is_one_entity(make_source, make_article, seed_article):
    source = seed_article.source
    make_article(
        "later",
        source,
        title="Islamic State confirms death of its leader",
        text="The Islamic State group confirmed on Sunday that Abu Khadija had been killed in Iraq. "
        "ISIS named no successor, officials in Baghdad said.",
        published_at=seed_article.published_at + timedelta(days=2),
    )
    understand_pending()
    rifai = Entity.objects.get(name="Abdallah Maki Mosleh al-Rifai")
    assert rifai.article_count == 2
    assert not Entity.objects.filter(name="Abu Khadija").exists()
    assert Entity.objects.get(name="Islamic State").article_count == 2
    assert EntityAlias.objects.filter(entity=rifai, key="person:abu khadija").exists()


def test_understand_command_reports_and_works_on_a_fresh_database(seed_article, capsys):
    call_command("understand")
    out = capsys.readouterr().out
    assert "Analysed 1 article (0 failed)" in out
    call_command("understand", "--redo")
    assert "Forgot 1 analyses." in capsys.readouterr().out
    assert ArticleAnalysis.objects.count() == 1


def test_worker_processes_give_the_same_analysis_as_in_process(make_source, make_article):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from newsdesk.entities.understand import _text, entity_config
    from newsdesk.pipeline.entities import understand_many

    source = make_source("Wire")
    towns = ["Leeds", "Cardiff", "Glasgow", "Belfast", "Bristol", "Norwich", "Exeter", "York"]
    articles = [
        make_article(
            f"w{i}",
            source,
            title=f"Flooding in {towns[i % 8]}",
            text=f"The Environment Agency said on Monday that rivers near {towns[i % 8]} had burst "
            f"their banks, and Emma Reynolds, the environment secretary, promised help.",
        )
        for i in range(16)
    ]
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        report = understand_pending(pool=lambda: pool)
    assert (report.analysed, report.failed) == (16, 0)
    expected = understand_many([_text(a) for a in articles], entity_config())
    for article, here in zip(articles, expected):
        stored = set(Mention.objects.filter(article=article).values_list("entity__key", flat=True))
        assert stored == {e.key for e in here.entities}
    assert Entity.objects.get(name="Emma Reynolds").article_count == 16
