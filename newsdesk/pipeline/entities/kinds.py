"""Names the model reads as people, organisations or places that are none of them (issue 16).

A reader of "who" and "where" expects actors and places, not the things a story is about; the small model
labels by capitals and shape, so these come out as names:

- technical terms and common abbreviations ("CPU", "RGB", "DWI", a touchdown "TD"): a short table, since the
  text writes them exactly like an organisation's acronym;
- events ("Monster Energy NASCAR Cup Series", "Macworld Expo", "G20 Summit"): named by their last word.
  Not "Conference": an athletic conference ("Missouri Valley Conference") is an organisation;
- products by their shape: a model number at the end ("Nighthawk X4", "BlackBerry Q10"), or an edition word
  ("Zamazenta Edition", "Switch Lite", "MacBook Pro"), or a known product family in it ("Google Stadia").

And by what the text around every mention says: a model year before it is a car ("his 2013 Toyota Camry",
"his 2008 Bentley"), a secretary's or minister's title after it is a portfolio ("Interior Secretary Ken
Salazar", "Commerce Secretary Gary Locke").

Such a name is dropped (``aliases._corrected_type`` returns None): it never feeds "who" or "where", and no new
kind is stored.
"""

from __future__ import annotations

import re

from newsdesk.pipeline.entities.places import fold

TECHNICAL_TERMS = frozenset(
    {
        # computing and electronics
        "ac",
        "ai",
        "api",
        "cpu",
        "gpu",
        "dram",
        "ram",
        "ssd",
        "hdd",
        "usb",
        "hdmi",
        "led",
        "lcd",
        "oled",
        "ips",
        "rgb",
        "hdr",
        "nas",
        "nfc",
        "lte",
        "gps",
        "vpn",
        "url",
        "html",
        "pdf",
        "sms",
        "sns",
        "wifi",
        "wi fi",
        "iot",
        "vr",
        "4k",
        "5g",
        "4g",
        # medicine, materials and the law
        "ecg",
        "ekg",
        "mri",
        "dna",
        "pet",
        "pvc",
        "dwi",
        "dui",
        # sport
        "td",
        "ir",
        "mvp",
        "rbi",
    }
)
EVENT_LAST_WORDS = frozenset(
    {"expo", "summit", "cup", "series", "show", "festival", "championship", "championships", "olympics"}
)
# Product families whose names are not also a company's, a team's or a common word (not "Galaxy", "Echo",
# "Switch", "BlackBerry", "Core"): any name holding one names the product ("Google Stadia", "Intel Xeon").
PRODUCT_FAMILIES = frozenset(
    {
        "iphone",
        "ipad",
        "ipod",
        "imac",
        "macbook",
        "airpods",
        "xbox",
        "playstation",
        "ps4",
        "ps5",
        "dualshock",
        "kindle",
        "alexa",
        "android",
        "stadia",
        "thinkpad",
        "xeon",
        "opteron",
        "pentium",
        "celeron",
        "ryzen",
        "geforce",
        "radeon",
        "snapdragon",
    }
)
PRODUCT_LAST_WORDS = frozenset({"edition", "editions", "lite", "pro", "max", "mini", "ultra"})
# "R6700", "X4", "Q10", "AW3418DW", "65UM7300": letters and digits mixed, not an ordinal ("67th") or a team ("76ers")
_MODEL_NUMBER = re.compile(r"^(?:[A-Z]{1,4}\d{1,5}[A-Z]{0,4}|\d{1,4}[A-Z]{2,}\d{2,})$")


_MODEL_YEAR_BEFORE = re.compile(r"\b(?:his|her|their|its|my|our|a|an|the)\s+(?:19|20)\d\d\s+$", re.IGNORECASE)
_PORTFOLIO_AFTER = re.compile(r"^\s+(?:Secretary|Minister|Ministry)\b")


def is_technical_term(name: str) -> bool:
    return fold(name) in TECHNICAL_TERMS


def is_event(name: str) -> bool:
    words = fold(name).split()
    return len(words) >= 2 and words[-1] in EVENT_LAST_WORDS


def is_product(name: str) -> bool:
    words = name.split()
    if any(word in PRODUCT_FAMILIES for word in fold(name).split()):
        return True
    return len(words) >= 2 and (bool(_MODEL_NUMBER.match(words[-1])) or fold(words[-1]) in PRODUCT_LAST_WORDS)


def not_an_entity(name: str) -> bool:
    return is_technical_term(name) or is_event(name) or is_product(name)


def named_as_a_thing(text: str, occurrences: list[tuple[int, int]]) -> bool:
    """Whether every mention of a name reads as a car of some year or a portfolio's title."""
    return bool(occurrences) and all(
        _MODEL_YEAR_BEFORE.search(text[max(0, start - 16) : start]) or _PORTFOLIO_AFTER.match(text[end : end + 12])
        for start, end in occurrences
    )
