"""The fuzz tests' Hypothesis profile, and each test's counts for the line at the end of the run (``report``).

The profile is for CI: no example database (nothing to keep between runs on a fresh machine), derandomized
(the same cases each run, so a red build is reproducible from its log; set NEWSDESK_FUZZ_RANDOM=1 to explore
fresh cases locally), no deadline (a 2-core machine shared with other jobs has slow moments). Hostile
inputs are large on purpose (100,000-deep nesting, 5,000 items), hence too_slow and data_too_large are not
health problems here; large_base_example likewise.
"""

import os

import pytest
from hypothesis import HealthCheck, settings

from tests.fuzz import report

settings.register_profile(
    "newsdesk-fuzz",
    database=None,
    deadline=None,
    derandomize=os.environ.get("NEWSDESK_FUZZ_RANDOM") != "1",
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    print_blob=True,
)


@pytest.fixture(autouse=True)
def _count_cases(record_property):
    """This test's cases, typed errors and time, carried on its report to the summary line (``report``)."""
    before = report.snapshot()
    yield
    report.record(before, record_property)
