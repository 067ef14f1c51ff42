"""One entity per person, organisation or place in an article, however many names the article uses.

1. Mentions: spaCy's spans (PERSON, ORG, GPE/LOC), cleaned ("the", possessive "’s" dropped), plus
   organisations named by description (``patterns.described_organisations``).
2. Links between names, found in the text: "known as", quoted nicknames, "(ACRONYM)", an acronym that
   spells another mention's initials, a surname or shorter name that ends a longer name of the same person
   ("al-Rifai" → "Abdallah Maki Mosleh al-Rifai"), and the world-knowledge table (``known``).
3. Linked names form one entity (union-find). Every name of it is then counted through the whole text,
   longest first, so "IS" and a bare surname count even where spaCy missed them.
4. Each entity gets a display name and a ``key`` that is the same in every article: a resolved place's
   gazetteer id, else its type and folded name (``places.fold``); its other names' keys are ``alias_keys``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from newsdesk.pipeline.entities import context, kinds, patterns
from newsdesk.pipeline.entities.known import KNOWN_NAMES
from newsdesk.pipeline.entities.ner import Span
from newsdesk.pipeline.entities.places import REGION_WORDS, Gazetteer, fold
from newsdesk.pipeline.entities.values import EntityType, FoundEntity, Place, PlaceKind

LABEL_TYPES = {"PERSON": EntityType.PERSON, "ORG": EntityType.ORG, "GPE": EntityType.PLACE, "LOC": EntityType.PLACE}
_LEADING = re.compile(r"^(?:the|The|THE)\s+")
_TRAILING_SMALL_WORDS = re.compile(r"(?:\s+(?:on|in|at|of|and|the|for|to|from|with|by))+$")  # "Central Library on"
_POSSESSIVE = re.compile(r"[’']s?$")
_OWNER_INSIDE = re.compile(r"\w[’']s\s")  # "Australia’s Daniel Ricciardo": two names, never one
_EDGE_PUNCT = "“”\"‘’',;:()[]!?-– \n"
MIN_SURNAME_CHARS = 4


def clean_surface(text: str) -> str:
    text = " ".join(text.split()).strip(_EDGE_PUNCT)
    text = _LEADING.sub("", text)
    text = _POSSESSIVE.sub("", text).strip(_EDGE_PUNCT)
    text = _TRAILING_SMALL_WORDS.sub("", text)
    if text.endswith(".") and not re.search(r"\b[A-Z]\.[A-Z]?\.?$", text):  # keep "U.S."
        text = text.rstrip(".")
    return text


@dataclass
class _Mention:
    surface: str
    type: EntityType
    start: int
    end: int


@dataclass
class _Group:
    mentions: list[_Mention] = field(default_factory=list)
    surfaces: set[str] = field(default_factory=set)
    known_name: str = ""


class _Links:
    """Union-find over folded names."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _known_table(extra: tuple[tuple[str, ...], ...]) -> dict[str, tuple[EntityType | None, tuple[str, ...]]]:
    table = {}
    groups = [(t, names) for t, names in KNOWN_NAMES] + [(None, names) for names in extra]
    for entity_type, names in groups:
        for name in names:
            table[fold(name)] = (entity_type, names)
    return table


def find_entities(
    text: str,
    spans: list[Span],
    *,
    title_end: int,
    gazetteer: Gazetteer,
    extra_aliases: tuple[tuple[str, ...], ...] = (),
) -> list[FoundEntity]:
    known = _known_table(extra_aliases)
    clues = context.TextClues(text, body_start=title_end, gazetteer=gazetteer)
    spans = [s for s in spans if s.start not in clues.agency]
    mentions = _mentions(text, spans, gazetteer)
    links = _Links()
    for m in mentions:
        links.find(fold(m.surface))
    mentions += _link_aliases(text, mentions, links)
    _link_known(mentions, links, known)
    _link_acronyms(mentions, links)
    _link_same_person_spellings(mentions, links)
    _link_partial_person_names(mentions, links)
    _link_short_organisation_names(mentions, links)
    mentions += _link_place_prefixed_organisations(mentions, links, gazetteer)

    groups: dict[str, _Group] = defaultdict(_Group)
    for m in mentions:
        group = groups[links.find(fold(m.surface))]
        group.mentions.append(m)
        group.surfaces.add(m.surface)
    for group in groups.values():
        for surface in list(group.surfaces):
            entry = known.get(fold(surface))
            if entry:
                group.known_name = entry[1][0]
                group.surfaces.update(entry[1])
    return _build(text, list(groups.values()), title_end=title_end, gazetteer=gazetteer, clues=clues)


# 1. Mentions


def _mentions(text: str, spans: list[Span], gazetteer: Gazetteer) -> list[_Mention]:
    found = []
    for span in spans:
        entity_type = LABEL_TYPES.get(span.label)
        surface = clean_surface(span.text)
        if entity_type is None or len(surface) < 2 or not any(c.isupper() for c in surface):
            continue
        found.append(_Mention(surface, entity_type, span.start, span.end))
    for match, owner in patterns.described_organisations(text):
        owner_place = gazetteer.resolve(owner)
        if owner_place is not None and owner_place.kind == PlaceKind.COUNTRY:
            found.append(_Mention(clean_surface(match.text), EntityType.ORG, match.start, match.end))
    return found


# 2. Links


def _link_aliases(text: str, mentions: list[_Mention], links: _Links) -> list[_Mention]:
    added = []
    for m in mentions:
        alias = patterns.alias_after(text, m.end, m.surface)
        if alias is None or _names_the_phrase_around(text, m, alias.start):
            continue
        surface = clean_surface(alias.text)
        if fold(surface) and fold(surface) != fold(m.surface):
            added.append(_Mention(surface, m.type, alias.start, alias.end))
            links.union(fold(m.surface), fold(surface))
    for full, nickname in patterns.quoted_nicknames(text):
        # spaCy tends to cut such a name at the quote ("Joaquín “El Chapo"): the pattern's reading replaces it,
        # but a given name it cut off cleanly ("Kimani" of "Kimani (Kiki) Gray") stays one of the person's names.
        inside = [m for m in mentions if not (m.end <= full.start or m.start >= full.end)]
        mentions[:] = [m for m in mentions if m.end <= full.start or m.start >= full.end]
        for m in inside:
            if m.start == full.start and m.surface == full.text.split()[0]:
                added.append(_Mention(m.surface, EntityType.PERSON, m.start, m.end))
                links.union(fold(full.text), fold(m.surface))
        added.append(_Mention(full.text, EntityType.PERSON, full.start, full.end))
        added.append(_Mention(nickname.text, EntityType.PERSON, nickname.start, nickname.end))
        links.union(fold(full.text), fold(nickname.text))
    return added


_PREPOSITION_BEFORE = re.compile(r"\b(?:for|of|to|from|with|by|on|in|at|about)\s+$")


def _names_the_phrase_around(text: str, mention: _Mention, alias_start: int) -> bool:
    """ "The security update for IE, dubbed MS08-078": a name that ends a prepositional phrase is not what
    "dubbed" or "nicknamed" names; the phrase's head is."""
    verb = text[mention.end : alias_start]
    return bool(re.search(r"dubbed|nicknamed", verb)) and bool(_PREPOSITION_BEFORE.search(text[: mention.start]))


def _link_known(
    mentions: list[_Mention], links: _Links, known: dict[str, tuple[EntityType | None, tuple[str, ...]]]
) -> None:
    for m in mentions:
        entry = known.get(fold(m.surface))
        if entry is not None:
            links.union(fold(entry[1][0]), fold(m.surface))


def _link_acronyms(mentions: list[_Mention], links: _Links) -> None:
    by_initials = defaultdict(set)
    for m in mentions:
        if m.type == EntityType.ORG and not patterns.is_acronym(m.surface) and " " in m.surface:
            by_initials[patterns.initials(m.surface)].add(fold(m.surface))
    for m in mentions:
        if patterns.is_acronym(m.surface):
            expansions = by_initials.get(m.surface.replace(".", ""), set())
            if len(expansions) == 1:
                links.union(next(iter(expansions)), fold(m.surface))


_GENERATION = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _person_parts(key: str) -> tuple[str, str]:
    """A folded person name's given name and surname, without a generational suffix ("patrick carlineo jr")."""
    words = key.split()
    while len(words) > 2 and words[-1] in _GENERATION:
        words.pop()
    return (words[0], words[-1]) if len(words) >= 2 else ("", "")


def _link_same_person_spellings(mentions: list[_Mention], links: _Links) -> None:
    """Two full names with the same surname whose given names agree, one perhaps short for the other, are one
    person whatever the middle initial or suffix: "Patrick Carlineo Jr", "Patrick W. Carlineo", "Pat Carlineo".
    Not when the article names two people it could be ("Pat Carlineo" beside "Patrick" and "Patricia")."""
    people = {fold(m.surface) for m in mentions if m.type == EntityType.PERSON}
    by_surname: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key in people:
        given, surname = _person_parts(key)
        if len(surname) >= MIN_SURNAME_CHARS:
            by_surname[surname].append((given, key))
    for names in by_surname.values():
        for given, key in names:
            fits = {
                g for g, _ in names if g != given and len(given) >= 3 and (g.startswith(given) or given.startswith(g))
            }
            fitting = [k for g, k in names if g == given or (len(fits) == 1 and g in fits)]
            for other in fitting:
                links.union(key, other)


def _link_partial_person_names(mentions: list[_Mention], links: _Links) -> None:
    """A shorter person name that ends a longer one ("al-Rifai", "Assad"), or one word of it past the first,
    is that person, when only one longer name in the article fits."""
    people = {fold(m.surface): m.surface for m in mentions if m.type == EntityType.PERSON}
    first_seen: dict[str, int] = {}
    for m in mentions:
        first_seen.setdefault(fold(m.surface), m.start)
    for short_key in people:
        short_words = short_key.split()
        candidates = {
            long_key
            for long_key in people
            if len(long_key.split()) > len(short_words)
            and not _OWNER_INSIDE.search(people[long_key])  # "Trump’s Made-for-TV Trade" is not Trump
            and (
                long_key.split()[-len(short_words) :] == short_words
                # one word: any surname of a longer name ("Zambada" of "Ismael Zambada García")
                or (len(short_words) == 1 and short_words[0] in long_key.split()[1:])
                # the given name alone, once the full name has been given ("Kimani" after "Kimani Gray")
                or (
                    len(short_words) == 1
                    and short_words[0] == long_key.split()[0]
                    and first_seen[long_key] < first_seen[short_key]
                )
            )
        }
        roots = {links.find(k) for k in candidates}
        if len(roots) == 1:
            links.union(next(iter(candidates)), short_key)


def _link_place_prefixed_organisations(mentions: list[_Mention], links: _Links, gazetteer: Gazetteer) -> list[_Mention]:
    """An organisation named by its place and a name of its own is known by that name alone in its article:
    "the Saints" of "New Orleans Saints", "the Chiefs" of "Kansas City Chiefs"."""
    added = []
    for m in mentions:
        words = m.surface.split()
        if m.type != EntityType.ORG or len(words) < 2:
            continue
        for cut in range(min(len(words) - 1, 3), 0, -1):
            rest = words[cut:]
            if gazetteer.resolve(" ".join(words[:cut])) is None or not all(w[:1].isupper() for w in rest):
                continue
            short = " ".join(rest)
            added.append(_Mention(short, EntityType.ORG, m.end - len(short), m.end))
            links.union(fold(m.surface), fold(short))
            break
    return added


def _link_short_organisation_names(mentions: list[_Mention], links: _Links) -> None:
    """An organisation's shorter name that ends its full one ("the Met Service" of "Brennholt Met Service"),
    when only one longer organisation name in the article ends so. One word is not enough ("Service")."""
    organisations = {fold(m.surface) for m in mentions if m.type == EntityType.ORG}
    for short_key in organisations:
        short_words = short_key.split()
        if len(short_words) < 2:
            continue
        longer = {
            k
            for k in organisations
            if len(k.split()) > len(short_words) and k.split()[-len(short_words) :] == short_words
        }
        if len({links.find(k) for k in longer}) == 1:
            links.union(next(iter(longer)), short_key)


# 3-4. Count every name, then build the entities


def _build(
    text: str, groups: list[_Group], *, title_end: int, gazetteer: Gazetteer, clues: context.TextClues
) -> list[FoundEntity]:
    surface_owner: dict[str, int] = {}
    for index, group in enumerate(groups):
        for surface in _scan_surfaces(group):
            surface_owner.setdefault(surface, index)
    occurrences, seen = _count(text, surface_owner)

    entities: dict[str, FoundEntity] = {}
    countries = _countries_named(groups, gazetteer)
    for index, group in enumerate(groups):
        if not occurrences[index]:
            continue
        model_type = Counter(m.type for m in group.mentions).most_common(1)[0][0]
        entity_type = _corrected_type(group, model_type, clues, occurrences[index])
        if entity_type is None:
            continue
        count, first = len(occurrences[index]), occurrences[index][0][0]
        in_body = any(m.start >= title_end for m in group.mentions) or first >= title_end
        if entity_type == EntityType.ORG and not in_body:
            continue  # a Title Case headline makes spaCy see organisations everywhere: trust the body
        entity = _entity(group, entity_type, count, first, gazetteer, countries, seen[index])
        if entity is None:
            continue
        if entity.key in entities:  # "Anbar" and "Al Anbar province": one place
            entity = _merge(entities[entity.key], entity)
        entities[entity.key] = entity
    return sorted(entities.values(), key=lambda e: e.first_position)


def _corrected_type(
    group: _Group, model_type: EntityType, clues: context.TextClues, occurrences: context.Occurrences
) -> EntityType | None:
    """The model's type of a name corrected by the text (``context``); None drops it (a named storm, a credit,
    a common word)."""
    surfaces = group.surfaces
    if clues.only_credited(occurrences) or any(
        context.is_named_storm(s) or clues.only_a_capitalised_word(s, occurrences) for s in surfaces
    ):
        return None
    if all(kinds.not_an_entity(s) for s in surfaces) or kinds.named_as_a_thing(clues.text, occurrences):
        return None  # a technical term, an event, a product
    if model_type != EntityType.PLACE and clues.only_in_headline(occurrences):
        return None  # a place the headline names ("Baytown, Texas") is still a place
    if model_type != EntityType.ORG and (
        surfaces & clues.teams or any(map(context.named_like_an_organisation, surfaces))
    ):
        return EntityType.ORG  # a country the gazetteer knows is still resolved as one (``_entity``)
    if model_type != EntityType.PERSON and any(clues.called_a_person(s) for s in surfaces):
        return EntityType.PERSON
    if model_type == EntityType.PLACE:
        return model_type
    folded = {fold(s) for s in surfaces}
    if clues.dateline in folded or any(context.named_like_a_place(s) for s in surfaces):
        return EntityType.PLACE
    as_place, as_person = clues.read_as_a_place(occurrences)
    if as_person:
        return model_type
    if folded & clues.between or (as_place and (model_type == EntityType.PERSON or 2 * as_place >= len(occurrences))):
        return EntityType.PLACE
    return model_type


def _scan_surfaces(group: _Group) -> set[str]:
    surfaces = set(group.surfaces)
    people = [s for s in group.surfaces if " " in s and any(m.type == EntityType.PERSON for m in group.mentions)]
    for name in people:  # within an article, the surname alone is the same person
        words = name.rstrip(".").split()
        while len(words) > 2 and words[-1].rstrip(".").lower() in _GENERATION:
            words.pop()
        surname = words[-1]
        if len(surname) >= MIN_SURNAME_CHARS and surname[0].isupper() or surname.startswith(("al-", "el-")):
            surfaces.add(surname)
    return {s for s in surfaces if len(s) >= 2}


def _count(text: str, surface_owner: dict[str, int]) -> tuple[dict[int, context.Occurrences], dict[int, set[str]]]:
    """Where each group is named (start, end, in text order), and the names it goes by in this text."""
    occurrences: dict[int, context.Occurrences] = defaultdict(list)
    seen: dict[int, set[str]] = defaultdict(set)
    if not surface_owner:
        return occurrences, seen
    ordered = sorted(surface_owner, key=len, reverse=True)
    # Whole names only: not "Rifai" inside "al-Rifai", but "Iran" in "Iran-backed" counts.
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(s) for s in ordered) + r")(?!\w|-[A-Z]|\.\w)")
    for match in pattern.finditer(text):
        owner = surface_owner[match.group(0)]
        occurrences[owner].append(match.span())
        seen[owner].add(match.group(0))
    return occurrences, seen


def _countries_named(groups: list[_Group], gazetteer: Gazetteer) -> frozenset[str]:
    codes = set()
    for group in groups:
        for surface in group.surfaces:
            place = gazetteer.resolve(surface)
            if place is not None and place.kind == PlaceKind.COUNTRY:
                codes.add(place.country_code)
    return frozenset(codes)


def _display_name(group: _Group, entity_type: EntityType) -> str:
    if group.known_name:
        return group.known_name
    mentioned = [m.surface for m in group.mentions]
    if entity_type == EntityType.PERSON:  # the fullest form of a person's name
        return max(mentioned, key=lambda s: (len(s.split()), -mentioned.index(s)))
    names = [s for s in mentioned if not patterns.is_acronym(s)] or mentioned
    if entity_type == EntityType.ORG:  # "National Weather Service", however often "the Weather Service"
        return max(names, key=lambda s: (len(s.split()), names.count(s), -names.index(s)))
    return Counter(names).most_common(1)[0][0]


def _entity(
    group: _Group,
    entity_type: EntityType,
    count: int,
    first: int,
    gazetteer: Gazetteer,
    countries: frozenset[str],
    seen: set[str],
) -> FoundEntity | None:
    """The entity of a group; its aliases are the other names the text uses for it (``seen``), and its
    alias keys those plus every name it was linked to (a known-name table entry, a surname)."""
    name = _display_name(group, entity_type)
    if entity_type == EntityType.PERSON and all(" " not in s for s in group.surfaces) and gazetteer.is_well_known(name):
        entity_type = EntityType.PLACE  # "Glasgow" alone is the city, whatever the small model said
    place = None
    if entity_type in (EntityType.PLACE, EntityType.ORG):
        place = gazetteer.resolve(name, context_countries=countries)
        if entity_type == EntityType.ORG and (place is None or place.kind != PlaceKind.COUNTRY):
            place = None  # an organisation named like a city ("Chelsea") stays an organisation
        if place is not None and not _region_word_fits(name, place):
            place = None
        if place is not None:
            entity_type = EntityType.PLACE
    if place is not None:
        key = f"place:{place.geo_id}"
        name = place.name
    else:
        key = f"{entity_type}:{fold(name)}"
    aliases = _distinct({s for s in seen | {m.surface for m in group.mentions} if fold(s) != fold(name)})
    linked = {s for s in group.surfaces if fold(s) != fold(name) and not _part_of_full_name(s, group, entity_type)}
    return FoundEntity(
        type=entity_type,
        name=name,
        key=key,
        aliases=aliases,
        alias_keys=tuple(sorted({f"{entity_type}:{fold(a)}" for a in linked} - {key})),
        count=count,
        first_position=first,
        place=place,
    )


def _part_of_full_name(surface: str, group: _Group, entity_type: EntityType) -> bool:
    """A person's bare surname or given name ("Jones" of "Erik Jones"): the same person within the article, but
    no evidence in another, where "Jones" alone may be anyone; so it is an alias here and never an alias key."""
    if entity_type != EntityType.PERSON or " " in surface:
        return False
    words = {word for s in group.surfaces if " " in s for word in fold(s).split()}
    return fold(surface) in words


def _region_word_fits(name: str, place: Place) -> bool:
    """Whether a name's own region word agrees with the place it resolved to: "Albany County" is not the city of
    Albany, nor is "Western District" the "Western Province" (the gazetteer looks names up without the word)."""
    said = _region_word(name)
    if not said:
        return True
    return place.kind == PlaceKind.REGION and _region_word(place.name) in ("", said)


def _region_word(name: str) -> str:
    last = fold(name).rsplit(" ", 1)[-1]
    return last if last in REGION_WORDS and " " in fold(name) else ""


def _distinct(surfaces: set[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for surface in sorted(surfaces, key=lambda s: (-sum(c.isupper() for c in s[:1]), s)):
        seen.setdefault(fold(surface), surface)
    return tuple(sorted(seen.values()))


def _merge(a: FoundEntity, b: FoundEntity) -> FoundEntity:
    aliases = _distinct(set(a.aliases) | set(b.aliases))
    return FoundEntity(
        type=a.type,
        name=a.name,
        key=a.key,
        aliases=aliases,
        alias_keys=tuple(sorted(set(a.alias_keys) | set(b.alias_keys))),
        count=a.count + b.count,
        first_position=min(a.first_position, b.first_position),
        place=a.place,
    )
