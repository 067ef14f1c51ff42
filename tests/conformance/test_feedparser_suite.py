"""feedparser's conformance files through our feed layer's first step, ``feeds.read_feed_document``.

Each file says in a header comment what feedparser must return (``Expect:``, a Python expression over the
result dict); harness.py explains how a file is run. Files in known_failures.txt are xfail(strict=True).
Pass rates per folder: ``.venv/bin/python bench/feed_conformance.py``.
"""

import pytest

from tests.conformance.harness import NOT_APPLICABLE, PASS, feedparser_cases, known_failures, run_feedparser_case
from tests.support.shared_data import shared_path

# Some Expect: expressions read "updated" where feedparser 6 falls back to "published", with a warning.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _params():
    cases = feedparser_cases()
    if not cases:
        return [pytest.param(None, id="no-shared-data")]
    known = known_failures()
    return [pytest.param(case, id=case, marks=[pytest.mark.xfail(strict=True, reason=known[case])]
                         if case in known else []) for case in cases]


@pytest.mark.parametrize("case", _params())
def test_feedparser_file_meets_its_expectation(case):
    shared_path("feeds", "feedparser")
    outcome = run_feedparser_case(case)
    if outcome.status == NOT_APPLICABLE:
        pytest.skip(outcome.detail)
    assert outcome.status == PASS, outcome.detail
