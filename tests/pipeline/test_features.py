import json
import pickle

from newsdesk.pipeline.features import DocFeatures, FeatureConfig, extract_entities, featurize, strip_boilerplate

TEXT = (
    "Tara Reid has checked herself into Promises Treatment Center, her representative Jack Ketsoyan said on "
    "Friday.\nReid, 33, is best known for American Pie. Ketsoyan would not say what she was treated for."
)


def test_features_round_trip_through_json_unchanged():
    features = featurize("Tara Reid enters rehab", TEXT)
    restored = DocFeatures.from_dict(json.loads(json.dumps(features.to_dict())))
    assert restored == features
    assert len(restored.embedding) == 256 and len(restored.minhash) == 128


def test_features_pickle_for_worker_processes_and_embedding_can_be_off():
    features = featurize("", TEXT, FeatureConfig(embedding=False))
    assert features.embedding is None
    assert pickle.loads(pickle.dumps(features)) == features
    assert DocFeatures.from_dict(features.to_dict()) == features


def test_entities_are_names_not_sentence_starts_or_headline_words():
    entities = extract_entities(
        "Lindsay Lohan Checks Into Betty Ford\nAfter a week in court, Lohan checks into the "
        "clinic. The actress drove to Betty Ford on Tuesday. She entered after a hearing."
    )
    assert {"lindsay lohan", "lohan", "betty ford", "tuesday"} <= set(entities)
    assert not {"after", "the", "checks", "she"} & set(entities)


def test_terms_weight_the_headline_and_lead_and_keep_numbers():
    body = "A 5.9 magnitude earthquake hit Qeshm. " + "Officials spoke. " * 40 + "Rescue teams came. " * 2
    features = featurize("Quake kills 10 on Qeshm island", body, FeatureConfig(embedding=False))
    assert features.terms["qeshm"] > features.terms["rescue"]
    assert "5.9" in features.terms and "10" in features.terms


def test_boilerplate_stripped_before_hashing():
    assert strip_boilerplate("UPDATE 2-LONDON, March 3 (Reuters) - Rates held.").startswith("Rates held.")
    assert strip_boilerplate("NEW YORK (AP) — Stocks rose.\n(Reporting by A; Editing by B)") == "Stocks rose."


def test_lead_names_are_the_headline_and_first_lines_and_dates_are_kept():
    body = (
        "San Diego Chargers tackle Jamal Williams was arrested on Feb. 1, 2009 on suspicion of drunken driving.\n"
        "He was stopped on State Route 94, the California Highway Patrol said.\n"
        "Teammate Vincent Jackson was arrested last month on the same charge."
    )
    features = featurize("Chargers' Williams arrested", body, FeatureConfig(embedding=False))
    assert {"jamal williams", "williams", "san diego chargers"} <= set(features.lead_names)
    assert "jackson" not in features.lead_names and "jackson" in features.entities  # named on the third line
    assert features.dates == ("2009-02-01",)
    assert "pm" not in extract_entities("Posted 11:11 PM ET by Staff")  # times of day are not names


def test_the_dateline_is_where_a_report_was_filed_not_what_it_tells():
    # Everything one agency files from one town that week opens like this; as names, a day or a month the
    # dateline tied the demo's pay deal to the storm reported from Stannard Cross the day before.
    body = (
        "STANNARD CROSS, 24 November (Metro Wire) — Train drivers at Brennholt Railways have voted to accept "
        "a two-year pay offer, their union said on Tuesday.\n"
        "The Brennholt Drivers' Association said 78 per cent of members had backed the deal."
    )
    features = featurize("Brennholt train drivers accept pay deal", body, FeatureConfig(embedding=False))
    assert {"brennholt", "brennholt railways"} <= set(features.lead_names)
    filing = {"stannard cross", "stannard", "november", "metro wire", "metro", "wire"}
    assert filing.isdisjoint(features.lead_names) and filing.isdisjoint(features.entities)
    assert features.dates == ()
    assert {"stannard", "november", "metro"}.isdisjoint(features.terms)
    # A day the report itself names still counts.
    named = featurize("", body.replace("on Tuesday", "on 3 December"), FeatureConfig(embedding=False))
    assert named.dates == ("--12-03",)
