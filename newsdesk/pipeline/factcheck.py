"""Checking a generated sentence against the articles it cites, before it may be published.

``check_sentence(text, citations, sources)`` returns a ``Verdict``: passed, with every reason it failed and
every item it found. The checks, in order (the comments in the code reuse the numbers):

1. Citations: at least one, each the number of an article we gave.
2. Quotations: each quoted passage ("...", “...”, ``...'') must appear word for word in one cited article.
3. Names: capitalised words and runs of them (people, places, bodies, acronyms, weekdays, months) must appear
   in the cited articles; a leading title ("President", "Prime Minister") may be dropped, so "President Tusk"
   passes where the article says "Donald Tusk, the president", and "President Duda" does not.
4. Numbers: each number, in digits or words ("three", "twenty-five", "2.5 million", "40%"), must appear
   with the same value in the cited articles, in digits or words; a score or range ("2-1") as that pair.
5. Dates: a day and month together ("March 3", "3rd of March") must appear together in a cited article.

Matching is normalised: case, punctuation, spacing, curly quotes, dots in acronyms ("U.S."), possessive
endings and accents are folded. It is strict on purpose: a faithful sentence that fails costs a generated
sentence (the extractive summary fills in), an invented one that passes reaches readers.

Not checked: paraphrased claims without a name, number, date or quotation ("the talks collapsed"), and a
single capitalised word that starts the sentence and that the cited articles use in lower case ("Rescuers").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

_CITATIONS = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
# Citations written after the full stop ("... overnight. [1][2]") belong to the sentence before it.
_CITATIONS_AFTER_STOP = re.compile(r"([.!?][\"”’']?)((?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+)")
_QUOTES = [
    re.compile(r"\"([^\"]+)\""),
    re.compile(r"“([^”]+)”"),
    re.compile(r"``\s*(.+?)\s*''"),
    re.compile(r"(?<![\w])‘([^’]{3,}?)’(?![\w])"),  # a closing ’ inside a word is an apostrophe
]
_WORD_MATCH = re.compile(r"[^\W_][\w'’.\-]*")
_CONNECTORS = frozenset("of de van von al bin da del la le du der den".split())
_NOT_NAMES = frozenset(
    "i a an the and or but if of to in on at by for with from as is are was were be it its this that these those "
    "he she they we you his her their our my your there here when while after before during since however "
    "meanwhile also both some many most several another".split()
)
TITLES = frozenset(
    "president vice prime minister mr mrs ms miss dr sir dame lord lady king queen prince princess senator sen "
    "rep representative gov governor general gen chancellor secretary judge justice officer sergeant sgt "
    "captain capt detective chief pope mayor former professor prof saint st acting deputy foreign interior "
    "defence defense finance health home state interim premier ambassador bishop archbishop rev reverend "
    "father sheikh colonel col lieutenant lt commander admiral coach manager striker midfielder goalkeeper".split()
)
_UNITS = {
    "": 1,
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "bn": 1e9,
    "billion": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_DIGITS = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:st|nd|rd|th)?"
    r"(?:\s*-?\s*(thousand|million|billion|trillion|bn|mn|tn|m|k)\b)?"
)
_SMALL = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen".split()
    )
}
_TENS = {w: 10 * (n + 2) for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_WORD_NUMBER = re.compile(
    r"\b(?:(" + "|".join(_TENS) + r")(?:[-\s](" + "|".join(w for w in _SMALL if _SMALL[w] < 10) + r"))?"
    r"|(" + "|".join(_SMALL) + r"))\b(?:\s+(hundred|thousand|million|billion|trillion)\b)?",
    re.IGNORECASE,
)
# "One" says too little to check ("one of the victims", "one day"), so a sentence's "one" is not a claim.
_UNCHECKED_WORD_NUMBERS = frozenset({"one", "zero"})
_MONTHS = {
    name: n
    for n, names in enumerate(
        [
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sep sept",
            "october oct",
            "november nov",
            "december dec",
        ],
        start=1,
    )
    for name in names.split()
}
_MONTH = r"(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_DATE_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:,\d|\d))", re.IGNORECASE)
_DATE_DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b", re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    text: str  # the sentence, citations removed
    citations: tuple[int, ...]  # as the sentence gave them
    passed: bool
    reasons: tuple[str, ...]  # why it failed: one per unsupported item (empty when it passed)
    checked: tuple[str, ...]  # what was found in the cited articles ("name: Donald Tusk", ...)


def parse_cited(text: str) -> tuple[str, tuple[int, ...]]:
    """``"The bridge reopened [1][3]."`` -> ``("The bridge reopened.", (1, 3))``."""
    citations: list[int] = []
    for group in _CITATIONS.findall(text):
        for number in re.split(r"\s*[,;]\s*", group):
            if int(number) not in citations:
                citations.append(int(number))
    clean = _CITATIONS.sub("", text)
    clean = re.sub(r"\s+([.!?,;:])", r"\1", clean)
    return " ".join(clean.split()), tuple(citations)


def citations_before_stops(text: str) -> str:
    """Move citations written after a sentence's full stop in front of it, so sentence splitting keeps them."""
    return _CITATIONS_AFTER_STOP.sub(lambda m: f"{m.group(2)}{m.group(1)}", text)


def check_sentence(text: str, citations: tuple[int, ...], sources: Mapping[int, str]) -> Verdict:
    """``sources``: the text of each article we gave, by its number."""
    reasons: list[str] = []
    checked: list[str] = []
    # 1. Citations.
    if not citations:
        reasons.append("cites no article")
    unknown = [n for n in citations if n not in sources]
    for number in unknown:
        reasons.append(f"cites [{number}], which is not one of the {len(sources)} articles given")
    cited = [sources[n] for n in citations if n in sources]
    label = "".join(f"[{n}]" for n in citations if n in sources) or "any cited article"
    evidence = _Evidence(cited)

    for kind, item, found in [
        *(("quotation", q, evidence.has_phrase(q)) for q in quotations(text)),  # 2.
        *(("name", n, evidence.has_name(n)) for n in names(text, evidence)),  # 3.
        *(("number", s, v in evidence.numbers) for s, v in numbers(text)),  # 4.
        *(("score", s, p in evidence.scores) for s, p in scores(text)),  # 4.
        *(("date", s, d in evidence.dates) for s, d in dates(text)),  # 5.
    ]:
        if found:
            checked.append(f"{kind}: {item}")
        else:
            reasons.append(f"{kind} “{item}” is not in {label}")
    return Verdict(text, tuple(citations), not reasons, tuple(reasons), tuple(checked))


class _Evidence:
    """The cited articles, normalised once for every check of a sentence."""

    def __init__(self, texts: list[str]) -> None:
        self.words = [" " + " ".join(tokens(t)) + " " for t in texts]
        # Words the articles write in lower case somewhere: a sentence starting with one is not naming anyone.
        self.lower_words = {w for t in texts for w in re.findall(r"(?<![\w'’])[a-z][a-z]+", _fold(t, lower=False))}
        self.numbers = {v for t in texts for _, v in numbers(t, include_unchecked=True)}
        self.numbers |= {v for t in texts for v in _bare_numbers(t)}
        self.dates = {d for t in texts for _, d in dates(t)}
        self.scores = {p for t in texts for _, p in scores(t)}

    def has_phrase(self, phrase: str) -> bool:
        needle = " " + " ".join(tokens(phrase)) + " "
        return needle.strip() != "" and any(needle in words for words in self.words)

    def has_name(self, name: str) -> bool:
        if self.has_phrase(name):
            return True
        words = name.split()
        while words and words[0].lower().strip(".") in TITLES:
            words = words[1:]  # "Prime Minister Donald Tusk": the name is what must match
        return bool(words) and self.has_phrase(" ".join(words))


def tokens(text: str) -> list[str]:
    """Lower-case words: accents, curly quotes, dots in acronyms and possessive endings folded away."""
    text = _fold(text)
    text = re.sub(r"(?<![a-z])((?:[a-z]\.)+[a-z])\.?", lambda m: m.group(1).replace(".", ""), text)  # u.s. -> us
    words = re.findall(r"[^\W_]+(?:'[^\W_]+)*", text)
    return [w[:-2] if w.endswith("'s") else w for w in words]


def _fold(text: str, lower: bool = True) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'").replace("‘", "'")
    return text.lower() if lower else text


# 2. Quotations.


def quotations(text: str) -> list[str]:
    found = []
    for pattern in _QUOTES:
        found += [m.group(1).strip() for m in pattern.finditer(text) if tokens(m.group(1))]
    return found


# 3. Names.


def names(text: str, evidence: _Evidence | None = None) -> list[str]:
    """Runs of capitalised words ("Donald Tusk", "Bank of England", "U.S."): what a reader takes as names.

    A sentence's first word is capitalised anyway: it is left out of a run when it is a common word
    ("The", "Officials") or the cited articles use it in lower case.
    """
    lower_words = evidence.lower_words if evidence else set()
    runs: list[list[str]] = []
    current: list[str] = []
    previous_end = 0
    for match in _WORD_MATCH.finditer(text):
        raw = match.group()
        word = raw if re.fullmatch(r"(?:[A-Za-z]\.){2,}", raw) else (raw.rstrip(".-'’") or raw)
        gap = text[previous_end : match.start()]
        previous_end = match.end()
        at_start = not text[: match.start()].strip() or bool(re.search(r"[.!?:(\"“‘`]", gap))
        if current and gap.strip():
            runs.append(current)  # punctuation between two capitalised words ends a name
            current = []
        if word[0].isupper():
            key = _fold(word).removesuffix("'s").strip(".")
            common = key in lower_words or key.removesuffix("s") in lower_words  # "Experts" where they say "expert"
            if key in _NOT_NAMES or key in _SMALL or key in _TENS or (at_start and common):
                if current:
                    runs.append(current)
                current = []
            else:
                current.append(word)
        elif current and word in _CONNECTORS:
            current.append(word)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    found = []
    for run in runs:
        while run and run[-1] in _CONNECTORS:
            run = run[:-1]
        if run and run != ["I"]:
            found.append(" ".join(run))
    return list(dict.fromkeys(found))


# 4. Numbers.


def numbers(text: str, include_unchecked: bool = False) -> list[tuple[str, float]]:
    """(as written, value) for each number in digits or words; a unit ("million", "%") is part of it."""
    found = []
    for match in _DIGITS.finditer(text):
        value = float(match.group(1).replace(",", "") + (match.group(2) or ""))
        unit = (match.group(3) or "").lower()
        found.append((match.group().strip(), round(value * _UNITS[unit], 6)))
    for match in _WORD_NUMBER.finditer(text):
        tens, ones, small, scale = match.groups()
        word = (small or "").lower()
        if word in _UNCHECKED_WORD_NUMBERS and not include_unchecked:
            continue
        value = _TENS[tens.lower()] + (_SMALL[ones.lower()] if ones else 0) if tens else _SMALL[word]
        value *= {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}.get(
            (scale or "").lower(), 1
        )
        found.append((match.group().strip(), round(float(value), 6)))
    return found


def scores(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Scores and ranges ("a 2-1 win", "aged 18-25"): the pair must appear as a pair, in either order."""
    found = []
    for m in re.finditer(r"(?<![\w.,-])(\d{1,3})\s?[-–]\s?(\d{1,3})(?![\w.,-])", text):
        low, high = sorted((int(m.group(1)), int(m.group(2))))
        found.append((m.group(), (low, high)))
    return found


def _bare_numbers(text: str) -> set[float]:
    """In the articles, "2.5 million" also vouches for "2.5": a sentence may put the unit elsewhere."""
    return {float(m.group(1).replace(",", "") + (m.group(2) or "")) for m in _DIGITS.finditer(text)}


# 5. Dates.


def dates(text: str) -> list[tuple[str, tuple[int, int]]]:
    """(as written, (month, day)) for each day named with its month."""
    found = []
    for match in _DATE_MONTH_DAY.finditer(text):
        month, day = _MONTHS[match.group(1).lower()], int(match.group(2))
        if 1 <= day <= 31 and match.group(1)[0].isupper():  # "may 3" is a verb and a number
            found.append((match.group().strip(), (month, day)))
    for match in _DATE_DAY_MONTH.finditer(text):
        day, month = int(match.group(1)), _MONTHS[match.group(2).lower()]
        if 1 <= day <= 31 and match.group(2)[0].isupper():
            found.append((match.group().strip(), (month, day)))
    return found
