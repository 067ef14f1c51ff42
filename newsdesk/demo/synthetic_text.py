"""Plausible news text from a seeded random generator, for filling a database to benchmark size.

Pure Python, no Django: every call takes the ``random.Random`` it draws from, so one seed gives the same
newsroom every time. The text reads like wire copy (places, people, institutions, figures, quotes) without
being real, and varies enough that pages, search and clustering are not fed a single repeated string.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

PLACES = [
    "Brannoch",
    "Kelvale",
    "Ashford Bay",
    "Dunmore",
    "Port Ellis",
    "Harrowgate",
    "Lindqvist",
    "Marrow Hill",
    "Oakridge",
    "Quenby",
    "Redfern",
    "Saltmarsh",
    "Tollcross",
    "Upper Weald",
    "Varrick",
    "Westerholm",
    "Calder Falls",
    "Eastbrook",
    "Glenmoor",
    "Northwick",
    "Stonehaven",
    "Fairhaven",
    "Millbrook",
    "Cragside",
]
PEOPLE = [
    "Amira Castell",
    "Jonas Whitlock",
    "Priya Anand",
    "Tomasz Nowicki",
    "Helen Ferreira",
    "Samuel Okafor",
    "Ingrid Halvorsen",
    "Luca Bertolli",
    "Mei Tanaka",
    "Rafael Ortega",
    "Grace Mbeki",
    "Oskar Lindgren",
    "Fatima Haddad",
    "Declan Murray",
    "Sofia Petrova",
    "Kwame Mensah",
    "Elena Rossi",
    "Arjun Mehta",
]
BODIES = [
    "the city council",
    "the regional health board",
    "the transport authority",
    "the harbour commission",
    "the national weather service",
    "the teachers' union",
    "the energy regulator",
    "the water company",
    "the university hospital",
    "the chamber of commerce",
    "the environment agency",
    "the fire service",
    "the housing association",
    "the farmers' cooperative",
    "the court of appeal",
    "the rail operator",
]
SUBJECTS = [
    "flood defences",
    "a new tram line",
    "school budgets",
    "hospital waiting times",
    "the harbour expansion",
    "wind farm permits",
    "bus fares",
    "a bridge closure",
    "drinking water quality",
    "rent controls",
    "the fishing quota",
    "a data breach",
    "the summer drought",
    "wildfire risk",
    "a factory closure",
    "broadband coverage",
    "the night train",
    "library opening hours",
    "a heritage site",
    "road tolls",
]
VERBS = [
    "approved",
    "rejected",
    "postponed",
    "defended",
    "criticised",
    "announced",
    "reviewed",
    "expanded",
    "suspended",
    "questioned",
    "funded",
    "investigated",
    "welcomed",
    "challenged",
    "delayed",
    "confirmed",
]
HEADLINE_SHAPES = [
    "{Body} {verb} plan for {subject} in {place}",
    "{place} residents react as {body} {verb} {subject}",
    "{Person} says {subject} in {place} cannot wait",
    "What the decision on {subject} means for {place}",
    "{place}: {body} {verb} {subject} after months of talks",
    "{Subject} in {place} {verb} by {body}",
    "{count} jobs at stake as {body} {verb} {subject}",
]
SENTENCE_SHAPES = [
    "{Body} {verb} {subject} on {weekday}, according to documents seen by reporters in {place}.",
    '"We have listened carefully, and this is the right decision for {place}," said {person}.',
    "The plan would cost about {money} over {years} years, officials said.",
    "{Person}, who has followed the issue for a decade, called the outcome {adjective}.",
    "Critics argue that {subject} has been neglected while costs rose by {percent} per cent.",
    "Around {count} people attended a public meeting in {place} on {weekday} evening.",
    "{Body} said it would publish a full report before the end of {month}.",
    "Local businesses in {place} said the uncertainty had already affected trade.",
    "The decision follows a review of {subject} that began in {month} last year.",
    "Opposition members said {body} had failed to consult people living near {place}.",
    "Figures released on {weekday} show a {percent} per cent change compared with last year.",
    "{Person} told reporters that talks with {body} would continue next week.",
    "Residents of {place} have until {month} to comment on the proposals.",
    "Engineers estimate that work on {subject} could take {years} years to complete.",
]
COMMENT_SHAPES = [
    "I live in {place} and this has been a long time coming.",
    "Does anyone know when the report on {subject} will be published?",
    "{Body} never listens to people who actually use these services.",
    "Good reporting, thank you. The figures on {subject} are worrying.",
    "This is the third time {subject} has been delayed. Why should we believe them now?",
    "My family has been in {place} for generations and we have never seen anything like it.",
    "I would like to see the full costings before anyone {verb} anything.",
    "Thanks for linking the original article, it has more detail on {subject}.",
]
ADJECTIVES = ["overdue", "disappointing", "a relief", "premature", "a compromise", "historic", "baffling"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
OUTLET_WORDS = [
    "Gazette",
    "Courier",
    "Ledger",
    "Herald",
    "Wire",
    "Chronicle",
    "Post",
    "Observer",
    "Times",
    "Sentinel",
    "Record",
    "Dispatch",
]
COMMENTER_FIRST = ["Alex", "Sam", "Jo", "Chris", "Robin", "Kim", "Pat", "Lee", "Morgan", "Taylor", "Ash", "Nic"]


@dataclass(frozen=True)
class Topic:
    """What one story is about: articles in the same story share it, so they read like the same event."""

    place: str
    person: str
    body: str
    subject: str
    verb: str


def topic(rng: random.Random) -> Topic:
    return Topic(rng.choice(PLACES), rng.choice(PEOPLE), rng.choice(BODIES), rng.choice(SUBJECTS), rng.choice(VERBS))


def _fill(shape: str, rng: random.Random, about: Topic) -> str:
    values = {
        "place": about.place,
        "person": about.person,
        "body": about.body,
        "subject": about.subject,
        "verb": about.verb,
        "weekday": rng.choice(WEEKDAYS),
        "month": rng.choice(MONTHS),
        "money": f"£{rng.randint(2, 900)} million",
        "years": rng.randint(2, 12),
        "percent": rng.randint(2, 40),
        "count": rng.choice([40, 120, 300, 450, 800, 1200, 2500]),
        "adjective": rng.choice(ADJECTIVES),
    }
    values.update(
        {
            key.capitalize(): str(values[key])[:1].upper() + str(values[key])[1:]
            for key in ("place", "person", "body", "subject")
        }
    )
    return shape.format(**values)


def headline(rng: random.Random, about: Topic) -> str:
    return _fill(rng.choice(HEADLINE_SHAPES), rng, about)


def sentences(rng: random.Random, about: Topic, count: int) -> list[str]:
    return [_fill(rng.choice(SENTENCE_SHAPES), rng, about) for _ in range(count)]


def paragraphs(rng: random.Random, about: Topic, count: int) -> list[list[str]]:
    """``count`` paragraphs of two to four sentences each (lists of sentences, so a summary can cite them)."""
    return [sentences(rng, about, rng.randint(2, 4)) for _ in range(count)]


def comment(rng: random.Random, about: Topic) -> str:
    return " ".join(_fill(rng.choice(COMMENT_SHAPES), rng, about) for _ in range(rng.randint(1, 3)))


def commenter(rng: random.Random) -> str:
    return f"{rng.choice(COMMENTER_FIRST)} {rng.choice(PLACES)[:1]}."


def outlet_name(index: int) -> str:
    """A distinct outlet name for every index (place and word cycle at different rates)."""
    place = PLACES[index % len(PLACES)]
    word = OUTLET_WORDS[(index // len(PLACES)) % len(OUTLET_WORDS)]
    suffix = f" {index // (len(PLACES) * len(OUTLET_WORDS)) + 1}" if index >= len(PLACES) * len(OUTLET_WORDS) else ""
    return f"{place} {word}{suffix}"
