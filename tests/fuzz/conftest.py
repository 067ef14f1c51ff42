"""The fuzz tests' Hypothesis profile, and a line at the end of the run: cases run, time, unexpected exceptions.

The profile is for CI: no example database (nothing to keep between runs on a fresh machine), derandomized
(the same cases each run, so a red build is reproducible from its log; set NEWSDESK_FUZZ_RANDOM=1 to explore
fresh cases locally), no deadline (a 2-core machine shared with other jobs has slow moments). Hostile
inputs are large on purpose (100,000-deep nesting, 5,000 items), hence too_slow and data_too_large are not
health problems here; large_base_example likewise.
"""

import os

from hypothesis import HealthCheck, settings

from tests.fuzz import properties

settings.register_profile(
    "newsdesk-fuzz",
    database=None,
    deadline=None,
    derandomize=os.environ.get("NEWSDESK_FUZZ_RANDOM") != "1",
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    print_blob=True,
)


def pytest_terminal_summary(terminalreporter):
    if not properties.CASES:
        return
    total = sum(properties.CASES.values())
    seconds = sum(properties.SECONDS.values())
    terminalreporter.section("fuzz")
    for name, cases in sorted(properties.CASES.items()):
        terminalreporter.write_line(
            f"{name}: {cases} cases ({properties.TYPED_ERRORS[name]} typed errors) in {properties.SECONDS[name]:.1f} s"
        )
    failed = len(terminalreporter.stats.get("failed", []))
    terminalreporter.write_line(
        f"fuzz total: {total} cases in {seconds:.1f} s, "
        f"{'0 unexpected exceptions' if not failed else f'{failed} fuzz test(s) failed'}"
    )
