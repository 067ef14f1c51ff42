"""Property: ``parse_feed`` returns a feed whose entries are all usable, or raises a ``PipelineError``; never
anything else, whatever the bytes and headers (one bad feed must never stop the desk).

Together these run at least 10,000 cases (see conftest's summary line and BENCHMARKS.md).
"""

from hypothesis import given, settings

from newsdesk.pipeline.feeds import parse_feed
from tests.fuzz import strategies
from tests.fuzz.properties import assert_good_feed, outcome, timed
from tests.support.shared_data import shared_path

FEED_URL = "https://feeds.example/wire/feed"
FUZZ = settings.get_profile("newsdesk-fuzz")


def check(name: str, content: bytes, headers=None) -> None:
    feed = outcome(name, lambda: parse_feed(content, url=FEED_URL, headers=headers))
    if feed is not None:
        assert_good_feed(feed)


def test_mutated_real_feeds_give_usable_entries_or_a_typed_error():
    shared_path("feeds")

    @settings(FUZZ, max_examples=4000)
    @given(strategies.mutated_feed())
    def mutated(case):
        _name, content = case
        check("feeds: mutated real files", content)

    with timed("feeds: mutated real files"):
        mutated()


@settings(FUZZ, max_examples=4000)
@given(strategies.hostile_json_feed)
def _hostile_json(content):
    check("feeds: hostile JSON Feed", content)


def test_hostile_json_feeds_give_usable_entries_or_a_typed_error():
    with timed("feeds: hostile JSON Feed"):
        _hostile_json()


@settings(FUZZ, max_examples=2000)
@given(strategies.hostile_xml_feed)
def _hostile_xml(case):
    content, headers = case
    check("feeds: hostile RSS and Atom", content, headers)


def test_hostile_xml_feeds_give_usable_entries_or_a_typed_error():
    with timed("feeds: hostile RSS and Atom"):
        _hostile_xml()
