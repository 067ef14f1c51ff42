"""The reader's query language, parsed once into a typed value that each backend compiles safely.

What a reader can type (as on most search sites):

    flood barrier           both words (any order, anywhere in the document)
    "flood barrier"         the phrase, words in this order
    -tolls  -"toll road"    neither this word nor this phrase
    ferry OR bridge         either word; ``OR`` (upper case) binds the clauses either side of it

Everything else is text: ``*``, ``:``, ``^``, ``NEAR``, ``AND``, brackets and quotes that do not pair are
never passed to a search engine as syntax. Words are split the way both engines split them (runs of
letters and digits), so ``e-mail`` or ``U.S.`` become a phrase of their parts, and a word made only of
punctuation disappears. Backends receive words made only of letters and digits, and put each one in a
quoted phrase (FTS5) or a bound parameter (PostgreSQL): there is nothing left to inject.

Pure Python, no Django: the parser is a pipeline stage like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Bounds on the work one query can ask of the index: longer input is cut, extra clauses are ignored.
MAX_QUERY_CHARS = 400
MAX_CLAUSES = 12
MAX_PHRASE_WORDS = 12

# A word is a run of letters and digits: what FTS5's unicode61 tokenizer and PostgreSQL's parser index.
_WORD = re.compile(r"[^\W_]+")
# One token of input: an optional minus, then a quoted phrase (the closing quote may be missing) or a bare word.
_TOKEN = re.compile(r'(?P<minus>-?)(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')


@dataclass(frozen=True)
class Phrase:
    """Words that must appear together in this order; one word is a plain term."""

    words: tuple[str, ...]

    def __str__(self) -> str:
        return self.words[0] if len(self.words) == 1 else '"' + " ".join(self.words) + '"'


@dataclass(frozen=True)
class Clause:
    """Any one of its phrases must match (a single phrase unless the reader wrote ``OR``)."""

    alternatives: tuple[Phrase, ...]


@dataclass(frozen=True)
class ParsedQuery:
    """Every required clause must match and no excluded phrase may; the empty query matches nothing."""

    required: tuple[Clause, ...] = ()
    excluded: tuple[Phrase, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.required

    def positive_words(self) -> list[str]:
        return [word for clause in self.required for phrase in clause.alternatives for word in phrase.words]

    def __str__(self) -> str:
        """The query written back in the reader's language (normalised): stable text for cache keys, titles."""
        parts = [" OR ".join(str(p) for p in clause.alternatives) for clause in self.required]
        parts += ["-" + str(p) for p in self.excluded]
        return " ".join(parts)


def parse_query(text: str) -> ParsedQuery:
    """The reader's text as a ``ParsedQuery``; never raises, whatever the text."""
    text = (text or "")[:MAX_QUERY_CHARS]
    required: list[list[Phrase]] = []
    excluded: list[Phrase] = []
    join_next = False  # the previous token was OR: the next phrase joins the last clause
    for match in _TOKEN.finditer(text):
        minus, quoted, bare = match.group("minus"), match.group("phrase"), match.group("word")
        if bare == "OR" and not minus:
            join_next = bool(required)
            continue
        phrase = _phrase(quoted if quoted is not None else bare)
        if phrase is None:
            continue
        if minus:
            if phrase not in excluded:
                excluded.append(phrase)
            join_next = False
        elif join_next:
            if phrase not in required[-1]:
                required[-1].append(phrase)
            join_next = False
        elif [phrase] not in required:
            required.append([phrase])
    return ParsedQuery(
        required=tuple(Clause(tuple(alts)) for alts in required[:MAX_CLAUSES]),
        excluded=tuple(excluded[:MAX_CLAUSES]),
    )


def _phrase(text: str) -> Phrase | None:
    words = tuple(word.lower() for word in _WORD.findall(text))[:MAX_PHRASE_WORDS]
    return Phrase(words) if words else None
