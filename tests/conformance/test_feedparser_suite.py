"""feedparser's conformance files through our feed layer's first step, ``feeds.read_feed_document``.

Each file says in a header comment what feedparser must return (``Expect:``, a Python expression over the
result dict); harness.py explains how a file is run. Files in known_failures.txt are xfail(strict=True).
Pass rates per folder: ``.venv/bin/python bench/feed_conformance.py``.
"""

import pytest

from tests.conformance.harness import case_params, feedparser_cases, run_case_or_skip, run_feedparser_case
from tests.support.shared_data import shared_path

# Some Expect: expressions read "updated" where feedparser 6 falls back to "published", with a warning.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.mark.parametrize("case", case_params(feedparser_cases()))
def test_feedparser_file_meets_its_expectation(case):
    shared_path("feeds", "feedparser")
    run_case_or_skip(case, run_feedparser_case)
