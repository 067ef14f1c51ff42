"""gofeed's fixtures through our feed layer, compared with gofeed's expected JSON on the fields we carry.

harness.py says exactly what is compared and how it is normalised (feed title, site URL, language, date,
image; entry URL, title, guid, dates, author names, summary, content, categories, enclosures, image). A
fixture whose expected JSON gives none of those fields is skipped as not applicable. Fixtures in
known_failures.txt are xfail(strict=True). Pass rates per folder: ``.venv/bin/python bench/feed_conformance.py``.
"""

import pytest

from tests.conformance.harness import (
    case_params,
    feedparser_cases,
    gofeed_cases,
    known_failures,
    run_case_or_skip,
    run_gofeed_case,
)
from tests.support.shared_data import shared_path


@pytest.mark.parametrize("case", case_params(gofeed_cases()))
def test_gofeed_fixture_matches_on_the_fields_we_carry(case):
    shared_path("feeds", "gofeed")
    run_case_or_skip(case, run_gofeed_case)


def test_every_known_failure_names_a_conformance_file():
    shared_path("feeds")
    cases = set(feedparser_cases()) | set(gofeed_cases())
    stale = [case for case in known_failures() if case not in cases]
    assert not stale, f"known_failures.txt lists files that are not conformance cases: {stale}"
    assert all(known_failures().values()), "every known failure needs a reason"
