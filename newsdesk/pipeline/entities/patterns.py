"""Text patterns that name an entity or give it another name, which spaCy's small model does not see.

- ``known as``: 'Abdallah Maki Mosleh al-Rifai, known as “Abu Khadija,”' (also "also known as", "nicknamed",
  "dubbed", "alias", "a.k.a.");
- quoted nicknames inside a name: 'Joaquín “El Chapo” Guzmán', or one word in brackets: 'Kimani (Kiki) Gray';
- a social-media handle in brackets after a name: 'Rep. Ilhan Omar (@Ilhan)';
- acronyms in brackets after a name that they spell: 'the Rapid Support Forces (RSF)', not a team, a state or
  an agency in brackets ('Eddie Jordan (Washington)', 'Edward Markey (D-Mass.)', 'WASHINGTON (AP)');
- organisations described rather than named: "Iraq’s national intelligence service", "the U.S.-led coalition".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME = r"[A-Z][\w\-’']*(?:\s+(?:al-|el-|bin\s+|ibn\s+|de\s+)?[A-Z][\w\-’']*){0,3}"
_ALSO = r"(?:(?:also|better|widely|popularly|commonly)\s+)?"
# "dubbed" and "nicknamed" name the mention only set off by a comma or a bracket: in "which Microsoft dubbed
# MS08-078" the mention is the one who gives the name.
KNOWN_AS = re.compile(
    r"^(?:\s*[,(]\s*" + _ALSO + r"(?:known\s+as|nicknamed|dubbed|alias|a\.k\.a\.?|aka)"
    r"|\s+" + _ALSO + r"(?:known\s+as|alias|a\.k\.a\.?|aka))"
    r"\s+(?:the\s+)?[“\"‘']?(?P<alias>" + _NAME + r")"
)
BRACKETED_ACRONYM = re.compile(r"^\s*\((?P<alias>[A-Z][A-Za-z0-9.&\-]{1,9})\)")
BRACKETED_HANDLE = re.compile(r"^\s*\((?P<alias>@\w{2,30})\)")  # "Rep. Ilhan Omar (@Ilhan)": their own account
QUOTED_NICKNAME = re.compile(
    r"\b(?P<first>[A-Z][\w\-]+)\s+(?:[“\"](?P<alias>[A-Z][^”\"\n]{1,30}?)[”\"]|\((?P<bracketed>[A-Z][a-z]+)\))"
    r"\s+(?P<last>[A-Z][\w\-’']+)"
)
_INSTITUTIONS = (
    r"intelligence\s+service|intelligence\s+agency|security\s+services?|security\s+forces|armed\s+forces|army|"
    r"navy|air\s+force|military|police|government|parliament|cabinet|central\s+bank|supreme\s+court|"
    r"(?:foreign|defen[cs]e|interior|health|finance)\s+ministry|election\s+commission|coast\s+guard"
)
# "Iraq’s national intelligence service": the owner must be a place for this to be an organisation.
OWNED_INSTITUTION = re.compile(
    r"\b(?P<owner>[A-Z][A-Za-z.\-]+(?:\s[A-Z][A-Za-z.\-]+){0,2})[’']s\s+"
    r"(?P<body>(?:(?:national|federal|state|main|top|interim|new|military|domestic|foreign)\s+){0,2}"
    r"(?:" + _INSTITUTIONS + r"))\b"
)
# "the U.S.-led coalition", "a Saudi-led alliance".
LED_GROUP = re.compile(
    r"\b(?P<leader>(?:[A-Z]\.){2,}|[A-Z][A-Za-z]+)-led\s+(?P<head>coalition|alliance|peacekeeping\s+mission|"
    r"military\s+mission)\b"
)
_ACRONYM = re.compile(r"^[A-Z](?:\.?[A-Z0-9&]){1,8}\.?$")
_MINOR_WORDS = frozenset({"of", "and", "the", "in", "for", "on", "de", "du", "la", "to", "&"})


@dataclass(frozen=True)
class PatternMatch:
    text: str
    start: int
    end: int


def is_acronym(surface: str) -> bool:
    return bool(_ACRONYM.match(surface)) and surface.replace(".", "").isupper()


def initials(name: str) -> str:
    """ "Rapid Support Forces" → "RSF"; minor words are skipped ("Islamic State in Iraq and Syria" → "ISIS")."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _MINOR_WORDS]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def spells(acronym: str, name: str) -> bool:
    """Whether an acronym's letters are the name's capitals, in order, from the first ("USGS" of "US Geological
    Survey", "CEC" of "Central Commission for Elections"): the evidence that a bracketed acronym is the name's."""
    letters = [c for c in acronym if c.isalnum()]
    capitals = iter(c for c in name if c.isupper() or c.isdigit())
    return bool(letters) and name[:1] == letters[0] and all(letter in capitals for letter in letters)


def alias_after(text: str, end: int, name: str) -> PatternMatch | None:
    """A "known as ..." right after a mention of ``name`` ending at ``end``, or a bracketed acronym that spells it."""
    window = text[end : end + 120]
    for pattern in (KNOWN_AS, BRACKETED_ACRONYM, BRACKETED_HANDLE):
        match = pattern.match(window)
        if match:
            alias = match.group("alias").rstrip(".,;:’'”\"")
            if pattern is BRACKETED_ACRONYM and not (is_acronym(alias) and spells(alias, name)):
                continue
            start = end + match.start("alias")
            return PatternMatch(alias, start, start + len(alias))
    return None


def quoted_nicknames(text: str) -> list[tuple[PatternMatch, PatternMatch]]:
    """(full name without the nickname, nickname) pairs."""
    found = []
    for match in QUOTED_NICKNAME.finditer(text):
        full = f"{match.group('first')} {match.group('last')}"
        nickname = "alias" if match.group("alias") else "bracketed"
        found.append(
            (
                PatternMatch(full, match.start(), match.end()),
                PatternMatch(match.group(nickname).strip(), match.start(nickname), match.end(nickname)),
            )
        )
    return found


def described_organisations(text: str) -> list[tuple[PatternMatch, str]]:
    """Organisations named by description, each with the place that owns or leads it (to check it is one)."""
    found = []
    for pattern, owner in ((OWNED_INSTITUTION, "owner"), (LED_GROUP, "leader")):
        for match in pattern.finditer(text):
            found.append((PatternMatch(match.group(0), match.start(), match.end()), match.group(owner)))
    return found
