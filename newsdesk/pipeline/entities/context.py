"""What the words around a name say about its kind, where spaCy's small model guesses from the name alone.

The small model knows real places by their names; a town it has never seen ("Stannard Cross", "Marrowgate")
it calls a person or an organisation. The text itself often settles it:

- the dateline: "STANNARD CROSS, 24 November (Metro Wire) — ..." names the place the report is filed from;
- the words before a name: people are not "in", "across" or "near" anything, and "between A and B" joins
  two places; a name mostly read in such places is a place;
- the name's own words: "Saltmarket Bridge", "Tanners Row", "Skerrow Isles", "River Dunmere", "Port Ellery";
- a named storm ("Storm Brannoch", "Hurricane Ida") is an event: neither a person nor a place;
- and the other way: a two- or three-word "organisation" that the text calls "Dr Marwood" or introduces with
  a person's role ("organiser Dorota Finch") is a person; a "person" or unknown "place" whose last word
  names an institution ("Brennholt Railways", "Civic Union") is an organisation;
- a "person" only ever written in the headline is a Title Case phrase ("Driver Charged"), not a name;
- a plural name written after a well-known city's ("the Buffalo Sabres", "Seattle Seahawks") is a team;
- a name only ever read in a credit ("supplied by Metro Wire", "Reporting by ...") filed the report;
- a single capitalised word that only ever opens a sentence, and that the text also writes in lower case
  ("Turnout was 58 per cent" ... "a turnout of 84 per cent"), is a common word, not a name.

Each rule only moves a name away from what the model said when the evidence is in the text; a real place
the gazetteer resolves never needs them. The text is read once (``TextClues``), then asked about each name.
"""

from __future__ import annotations

import re

from newsdesk.pipeline import datelines
from newsdesk.pipeline.entities.ner import FACILITY_LABEL, Span
from newsdesk.pipeline.entities.places import Gazetteer, fold

# Not "from", "to" or "at": a letter from, a speech to, anger at a person.
_PLACE_BEFORE = re.compile(
    r"\b(?:[Ii]n|[Aa]cross|[Nn]ear|[Oo]utside|[Tt]hroughout|[Aa]round"
    r"|(?:town|city|village|county|state|province|region) of|miles (?:\w+ )?(?:north|south|east|west)\w* of)\s+$"
)
_BETWEEN = re.compile(
    r"\bbetween\s+(?P<a>[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,3})\s+and\s+"
    r"(?P<b>[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,3})"
)
_PERSON_AFTER = re.compile(r"^(?:,?\s+(?:said|says|told|added|wrote|who|whose)\b|,\s+\d{1,3},)")
_PERSON_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sir|Dame|Lord|Lady|Councillor|President|Minister|Mayor)\.?\s+$")
_CREDIT_BEFORE = re.compile(
    r"\b(?:[Ss]upplied|[Pp]rovided|[Dd]istributed|[Ss]yndicated|[Rr]eporting|[Ww]riting"
    r"|[Ee]diting) by\s+$"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?][\"”’']?\s+|\n\s*)$")
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z][a-z'’]*")
_CAPITALISED = r"[A-Z][\w'’\-]*"
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Sir|Dame|Councillor)\.?\s+(" + _CAPITALISED + ")")
ROLE_NOUNS = frozenset(
    {
        "organiser",
        "organizer",
        "teacher",
        "secretary",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "director",
        "manager",
        "chairman",
        "chairwoman",
        "chair",
        "captain",
        "striker",
        "midfielder",
        "goalkeeper",
        "coach",
        "researcher",
        "ecologist",
        "scientist",
        "councillor",
        "minister",
        "leader",
        "candidate",
        "founder",
        "resident",
        "farmer",
        "fisherman",
        "driver",
        "officer",
        "inspector",
        "professor",
        "author",
        "editor",
        "reporter",
        "executive",
        "president",
        "mayor",
        "senator",
        "governor",
        "lawyer",
        "judge",
        "doctor",
        "host",
        "anchor",
        "actor",
        "actress",
        "singer",
        "player",
        "quarterback",
        "pitcher",
        "center",
        "wife",
        "husband",
        "son",
        "daughter",
        "brother",
        "sister",
        "sgt",
        "sergeant",
        "constable",
        "detective",
    }
)
_POSSESSIVE_END = re.compile(r"[’']s?$")
_FULL_NAME = "(" + _CAPITALISED + r"(?:\s+" + _CAPITALISED + r"){1,2})"
# A role before a name, however written ("host Jeanine Pirro", "US President Donald Trump", "Sgt. Ann Lee"), or
# an age next to it ("23-year-old Vishwanand Subryan", "Ann Lee, 35,"): the name is a person's.
_ROLE_NAMED = re.compile(r"\b(?i:" + "|".join(sorted(ROLE_NOUNS)) + r")\.?\s+" + _FULL_NAME)
_AGED = re.compile(r"\b\d{1,3}\s*-\s*year\s*-\s*old\s+" + _FULL_NAME + "|" + _FULL_NAME + r",\s+\d{1,3},")
# Words that end a place's name but rarely a person's (so not Lane, Hill, Park or Bay: Nathan Lane, Damon Hill).
PLACE_LAST_WORDS = frozenset(
    {
        "bridge",
        "street",
        "road",
        "avenue",
        "square",
        "row",
        "quay",
        "isles",
        "islands",
        "valley",
        "harbour",
        "harbor",
        "coast",
        "estuary",
        "peninsula",
        "province",
        "county",
        "district",
        "borough",
        "springs",
        "falls",
        "heights",
        "township",
        "parish",
        "forest",
        "canyon",
        "creek",
        "mountains",
    }
)
PLACE_FIRST_WORDS = frozenset({"river", "lake", "mount", "port", "cape", "isle", "loch"})
ORGANISATION_LAST_WORDS = frozenset(
    {
        "railways",
        "railway",
        "highways",
        "airlines",
        "airways",
        "union",
        "service",
        "services",
        "alliance",
        "assembly",
        "trust",
        "school",
        "library",
        "council",
        "party",
        "university",
        "college",
        "hospital",
        "company",
        "group",
        "bank",
        "agency",
        "authority",
        "association",
        "federation",
        "club",
        "united",
        "rangers",
        "athletic",
        "ministry",
        "department",
        "court",
        "commission",
        "committee",
        "board",
        "institute",
        "society",
        "foundation",
        "corporation",
        "inc",
        "ltd",
        "plc",
        "independents",
    }
)
# A facility the model found ("Snyder Avenue", "Qwest Field", "Interstate 805") is a place when its words say
# so; the model's other facilities ("the Cabinet Room", a headline) are left out as before.
FACILITY_PLACE_LAST_WORDS = PLACE_LAST_WORDS | {
    "field",
    "park",
    "stadium",
    "arena",
    "airport",
    "station",
    "highway",
    "boulevard",
    "lane",
    "drive",
    "way",
}
FACILITY_PLACE_FIRST_WORDS = PLACE_FIRST_WORDS | {"interstate", "route", "highway", "mt", "stade", "estadio"}
# A plural name after a city's ("Buffalo Sabres", "Seattle Seahawks", "Philadelphia Eagles") names a team.
_PLURAL_AFTER_NAME = re.compile(r"((?:[A-Z][\w.'’]*\s+){1,3})([A-Z][a-z]+[^s\W]s)\b")
STORM_WORDS = frozenset({"storm", "hurricane", "typhoon", "cyclone"})

Occurrences = list[tuple[int, int]]  # (start, end) of each time a name is written in the text


# What a name's own words say.


def is_named_storm(name: str) -> bool:
    words = fold(name).split()
    return len(words) >= 2 and (words[0] in STORM_WORDS or words[:2] == ["tropical", "storm"])


def named_like_a_place(name: str) -> bool:
    words = fold(name).split()
    if len(words) < 2:
        return False
    return words[-1] in PLACE_LAST_WORDS or (len(words) == 2 and words[0] in PLACE_FIRST_WORDS)


def facilities_as_places(spans: list[Span]) -> list[Span]:
    """The model's facility spans (``ner.FACILITY_LABEL``) that are named like places, read as places; the
    other facilities dropped. Other spans pass through."""
    kept = []
    for span in spans:
        if span.label == FACILITY_LABEL:
            words = fold(span.text).split()
            if len(words) < 2 or not (words[-1] in FACILITY_PLACE_LAST_WORDS or words[0] in FACILITY_PLACE_FIRST_WORDS):
                continue
            span = Span(span.text, "LOC", span.start, span.end)
        kept.append(span)
    return kept


def named_like_an_organisation(name: str) -> bool:
    words = fold(name).split()
    return len(words) >= 2 and words[-1] in ORGANISATION_LAST_WORDS


# What the text around a name says: read once per text (a few regex passes), then asked per name.


def _teams(text: str, gazetteer: Gazetteer) -> set[str]:
    """Names of teams the text writes after their city ("the Buffalo Sabres"), and the teams' short names."""
    teams = set()
    for match in _PLURAL_AFTER_NAME.finditer(text):
        words = match.group(1).split()
        for first in range(len(words)):
            city = " ".join(words[first:])
            if gazetteer.is_well_known(city):
                teams.update({f"{city} {match.group(2)}", match.group(2)})
                break
    return teams


class TextClues:
    def __init__(self, text: str, body_start: int = 0, gazetteer: Gazetteer | None = None) -> None:
        self.text = text
        self.teams = _teams(text, gazetteer) if gazetteer is not None else set()
        self.body_start = body_start
        opening = datelines.opening_dateline(text[body_start:])
        self.dateline = fold(opening.group("place")) if opening else None
        # The dateline's agency ("(Metro Wire)") is who filed the report, not someone in it.
        self.agency = range(body_start + opening.end("place"), body_start + opening.end()) if opening else range(0)
        self.between = {fold(m.group(side)) for m in _BETWEEN.finditer(text) for side in ("a", "b")}
        self.titled_surnames = {m.group(1) for m in _TITLED.finditer(text)}
        role_named = [m.group(1) for m in _ROLE_NAMED.finditer(text)]
        role_named += [m.group(1) or m.group(2) for m in _AGED.finditer(text)]
        self.role_named = {_POSSESSIVE_END.sub("", name) for name in role_named}  # "host Jeanine Pirro’s show"
        self.lower_words = set(_LOWER_WORD.findall(text))

    def read_as_a_place(self, occurrences: Occurrences) -> tuple[int, int]:
        """Of a name's occurrences, how many read as a place ("across X") and how many as a person's."""
        as_place = as_person = 0
        for start, end in occurrences:
            before, after = self.text[max(0, start - 32) : start], self.text[end : end + 12]
            as_place += bool(_PLACE_BEFORE.search(before))
            as_person += bool(_PERSON_AFTER.match(after) or _PERSON_BEFORE.search(before))
        return as_place, as_person

    def only_credited(self, occurrences: Occurrences) -> bool:
        """Whether a name only appears in credits ("This report was supplied by Metro Wire"): who filed the
        report, not someone in it."""
        return bool(occurrences) and all(
            _CREDIT_BEFORE.search(self.text[max(0, start - 24) : start]) for start, _ in occurrences
        )

    def only_in_headline(self, occurrences: Occurrences) -> bool:
        """Whether a name is only ever written in the headline: Title Case makes the model read phrases as
        names ("Driver Charged", "Stadia Falls Short"), and an editor expects a real actor to be in the story."""
        return bool(occurrences) and all(start < self.body_start for start, _ in occurrences)

    def called_a_person(self, name: str) -> bool:
        """Whether the text calls a two- or three-word name's bearer "Dr <surname>" or gives them a role."""
        words = name.split()
        return 2 <= len(words) <= 3 and (words[-1] in self.titled_surnames or name in self.role_named)

    def only_a_capitalised_word(self, name: str, occurrences: Occurrences) -> bool:
        """A one-word "name" that opens every sentence it is in and is also written in lower case
        ("Turnout was 58 per cent" ... "a turnout of 84 per cent")."""
        if " " in name or not name[:1].isupper() or not name[1:].islower() or name.lower() not in self.lower_words:
            return False
        return all(_SENTENCE_START.search(self.text[max(0, start - 4) : start]) for start, _ in occurrences)
