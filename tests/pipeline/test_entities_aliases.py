"""Aliases merged within an article and keys shared across articles, on small articles written for it."""

from datetime import UTC, datetime

from newsdesk.pipeline.entities import ArticleText, understand_many
from newsdesk.pipeline.entities.values import EntityType

PUBLISHED = datetime(2025, 6, 4, 9, 0, tzinfo=UTC)  # a Wednesday


def understand(title, *paragraphs):
    return understand_many([ArticleText(title, "\n\n".join(paragraphs), PUBLISHED)])[0]


def named(result, name):
    matches = [e for e in result.entities if e.name == name]
    assert len(matches) == 1, [e.name for e in result.entities]
    return matches[0]


def test_bracketed_acronym_and_later_acronym_are_the_same_organisation():
    result = understand(
        "Fighting flares near the capital",
        "The Rapid Support Forces (RSF) attacked positions held by the army near Khartoum on Monday.",
        "A spokesman for the RSF said the group would continue its advance, while aid agencies warned of "
        "shortages in Omdurman.",
    )
    rsf = named(result, "Rapid Support Forces")
    assert rsf.type == EntityType.ORG and "RSF" in rsf.aliases
    assert rsf.count == 3  # the name, the bracketed acronym, and "the RSF"
    assert not [e for e in result.entities if e.name == "RSF"]


def test_acronym_spelled_by_a_named_organisations_initials_is_merged():
    result = understand(
        "Health agency issues warning",
        "The Centers for Disease Control warned travellers on Tuesday about a measles outbreak in Texas.",
        "Officials at the CDC said the number of cases had doubled since the spring.",
    )
    cdc = named(result, "Centers for Disease Control")
    assert "CDC" in cdc.aliases


def test_also_known_as_and_quoted_nickname_join_the_person():
    result = understand(
        "Cartel figures sentenced",
        "The court heard that Ismael Zambada García, also known as \u201cEl Mayo,\u201d had pleaded guilty in "
        "Brooklyn on Friday.",
        "Prosecutors said Zambada had led the cartel alongside Joaquín \u201cEl Chapo\u201d Guzmán for decades, "
        "and that El Mayo had never before set foot in a US prison.",
    )
    mayo = named(result, "Ismael Zambada García")
    assert {"El Mayo", "Zambada"} <= set(mayo.aliases)
    chapo = named(result, "Joaquín Guzmán")
    assert "El Chapo" in chapo.aliases


def test_surname_resolves_to_the_full_name_only_when_unambiguous():
    result = understand(
        "Ministers meet in Berlin",
        "German Chancellor Friedrich Merz met French President Emmanuel Macron in Berlin on Tuesday.",
        "Merz said the talks had been useful. Macron later flew to Paris.",
    )
    assert "Merz" in named(result, "Friedrich Merz").aliases
    assert "Macron" in named(result, "Emmanuel Macron").aliases
    assert not [e for e in result.entities if e.name in {"Merz", "Macron"}]


def test_the_same_person_and_organisation_get_the_same_key_in_different_articles():
    first = understand(
        "Islamic State leader killed",
        "Iraqi forces said on Friday they had killed a senior leader of the Islamic State group in Anbar province, "
        "working with the U.S.-led coalition.",
    )
    second = understand(
        "ISIS commander dead, officials say",
        "Officials in Baghdad confirmed that an ISIS commander died in the strike in Anbar, which the "
        "coalition supported.",
    )
    first_keys = {e.name: e.key for e in first.entities}
    second_keys = {e.name: e.key for e in second.entities}
    assert first_keys["Islamic State"] == second_keys["Islamic State"]
    assert first_keys["Al Anbar"] == second_keys["Al Anbar"] == "place:IQ/anbar"


def test_headline_only_organisations_are_not_trusted():
    result = understand(
        "Joint Operation By Local Forces Ends Siege",
        "Police in the city said the siege had ended after six hours, and nobody was hurt.",
    )
    assert not [e for e in result.entities if e.type == EntityType.ORG]


def test_a_one_word_city_taken_for_a_person_is_the_place():
    result = understand(
        "Flooding in Glasgow", "Rivers near Glasgow had burst their banks, and Emma Reynolds promised help on Monday."
    )
    glasgow = named(result, "Glasgow")
    assert glasgow.type == EntityType.PLACE and glasgow.place.country == "United Kingdom"
    assert named(result, "Emma Reynolds").type == EntityType.PERSON


def test_an_organisations_shorter_name_that_ends_its_full_name_is_the_same_organisation():
    result = understand(
        "Gales close the coast road",
        "The National Weather Service issued a warning for the whole region on Monday.",
        "The Weather Service said gusts of 80 mph were recorded near the harbour, and the Weather Service "
        "expects the wind to ease by Wednesday.",
    )
    names = [e.name for e in result.entities if e.type == EntityType.ORG]
    assert "Weather Service" not in names
    assert named(result, "National Weather Service").count == 3


def test_the_agency_in_a_dateline_is_not_an_entity_of_the_report():
    result = understand(
        "Senate passes the budget",
        "WASHINGTON (Reuters) - The U.S. Senate passed the budget on Tuesday after a long debate.",
        "Senator Maria Cantwell said the vote showed the chamber could still agree.",
    )
    assert "Reuters" not in [e.name for e in result.entities]


def test_a_team_or_a_state_in_brackets_is_not_an_alias_but_a_spelled_acronym_is():
    result = understand(
        "Coaches fired across the league",
        "Eddie Jordan (Washington) lost his job on Monday, a week after Rep. Edward Markey (D-Mass.) praised him.",
        "The US Geological Survey (USGS) recorded no earthquake, and the USGS said so on Tuesday.",
    )
    names = {n for e in result.entities for n in (e.name, *e.aliases)}
    assert "Washington" not in named(result, "Eddie Jordan").aliases
    assert not [a for a in named(result, "Edward Markey").aliases if a.startswith("D-")]
    assert "Eddie Jordan" in names and "Washington" in names
    usgs = [e for e in result.entities if "USGS" in (e.name, *e.aliases)]
    assert len(usgs) == 1 and "US Geological Survey" in (usgs[0].name, *usgs[0].aliases)


def test_a_nickname_in_brackets_inside_a_name_joins_the_person():
    result = understand(
        "Teen shot by police",
        "Kimani (Kiki) Gray, 16, was shot on Saturday night in Brooklyn, police said.",
        "Friends said Kimani had been walking home.",
    )
    gray = named(result, "Kimani Gray")
    assert "Kiki" in gray.aliases
    assert not [e for e in result.entities if e.name == "Kiki"]


def test_a_name_that_does_the_dubbing_is_not_given_the_new_name():
    result = understand(
        "Emergency patch released",
        "The patch, which Microsoft dubbed MS08-078, fixes a flaw in Internet Explorer, the company said on Wednesday.",
        "Microsoft urged users in Seattle and elsewhere to install it at once.",
    )
    assert "MS08-078" not in named(result, "Microsoft").aliases


def test_a_county_is_not_the_city_of_its_name():
    result = understand(
        "Flooding closes roads",
        "Rain flooded roads across Albany County on Monday, and in Albany itself the river rose by two feet.",
        "Officials in Albany said the water would fall by Wednesday.",
    )
    city = [e for e in result.entities if e.name == "Albany"]
    assert len(city) == 1 and city[0].place is not None and city[0].place.kind == "city"
    assert "Albany County" not in city[0].aliases


def test_one_person_under_a_middle_initial_a_suffix_and_a_short_given_name():
    result = understand(
        "Man sentenced for threats",
        "Patrick Carlineo Jr., 55, of Addison was sentenced on Monday in Rochester.",
        "The sentencing of Patrick W. Carlineo followed a guilty plea. Carlineo's attorney said "
        "\u201cPat Carlineo is passionate about politics.\u201d",
    )
    people = [e for e in result.entities if e.type == EntityType.PERSON and "Carlineo" in e.name]
    assert len(people) == 1, [e.name for e in people]
    assert {"Pat Carlineo", "Patrick W. Carlineo"} <= {people[0].name, *people[0].aliases}


def test_people_who_share_only_a_surname_stay_apart():
    result = understand(
        "Siblings honoured",
        "John Harrington and Mary Harrington were honoured in Dublin on Friday for their work.",
    )
    names = {e.name for e in result.entities if e.type == EntityType.PERSON}
    assert {"John Harrington", "Mary Harrington"} <= names


def test_a_team_named_by_its_city_is_known_by_its_own_name_alone():
    result = understand(
        "Season over for the running back",
        "The New Orleans Saints signed running back Pierre Thomas on Tuesday, the team said.",
        "Thomas is the fifth Saints running back this year.",
    )
    saints = named(result, "New Orleans Saints")
    assert "Saints" in saints.aliases and saints.count == 2
    assert not [e for e in result.entities if e.name == "Saints"]


def test_a_bare_surname_is_an_alias_in_its_article_but_no_key_to_merge_other_articles_by():
    result = understand(
        "Driver wins in the rain",
        "Erik Jones won the race at Martinsville on Sunday, known to his crew as \u201cthe Kid.\u201d",
        "Jones led the final 40 laps.",
    )
    jones = named(result, "Erik Jones")
    assert "Jones" in jones.aliases
    assert "person:jones" not in jones.alias_keys


def test_the_given_name_alone_after_the_full_name_is_the_same_person():
    result = understand(
        "Star checks into rehab",
        "Lindsay Lohan checked into a clinic in Newport Beach on Thursday, her lawyer said.",
        "The facility that Lindsay is now in offers ocean views, a spokesman said.",
    )
    lohan = named(result, "Lindsay Lohan")
    assert "Lindsay" in lohan.aliases
    assert not [e for e in result.entities if e.name == "Lindsay"]


def test_a_handle_in_brackets_after_a_name_is_that_persons():
    result = understand(
        "Governor signs the bill",
        "Governor Kristi Noem (@govkristinoem) signed the bill in Pierre on Tuesday, her office said.",
        "Noem said the law would take effect in July.",
    )
    noem = named(result, "Kristi Noem")
    assert "@govkristinoem" in noem.aliases
    assert not [e for e in result.entities if "govkristinoem" in e.name]


def test_dubbed_after_a_prepositional_phrase_names_its_head_not_the_name_inside_it():
    result = understand(
        "Microsoft rushes out a fix",
        "Microsoft released the security update for IE, dubbed MS08-078, on Wednesday in Seattle.",
        "The company said IE users should install it at once.",
    )
    assert not [e for e in result.entities if {"IE", "MS08-078"} <= {e.name, *e.aliases}]
