"""The line at the end of a run: cases each fuzz test ran, typed errors among them, time, unexpected exceptions.

Each fuzz test's counts travel on its teardown report (``record``), so the line is whole under pytest-xdist
too, where the tests run in worker processes and only their reports reach the process that prints.
The hooks are imported by the top-level conftest, which every process loads.
"""

from __future__ import annotations

from collections import Counter

from tests.fuzz import properties

KEY = "fuzz"
CASES: Counter = Counter()
TYPED_ERRORS: Counter = Counter()
SECONDS: Counter = Counter()


def snapshot() -> dict[str, tuple[int, int, float]]:
    return {
        name: (properties.CASES[name], properties.TYPED_ERRORS[name], properties.SECONDS[name])
        for name in properties.CASES
    }


def record(before: dict[str, tuple[int, int, float]], record_property) -> None:
    """Attach what this test added to the counts since ``before`` to its report."""
    for name, (cases, typed, seconds) in snapshot().items():
        was_cases, was_typed, was_seconds = before.get(name, (0, 0, 0.0))
        if cases > was_cases:
            record_property(KEY, [name, cases - was_cases, typed - was_typed, seconds - was_seconds])


def pytest_runtest_logreport(report):
    if report.when != "teardown":
        return
    for key, value in report.user_properties:
        if key == KEY:
            name, cases, typed, seconds = value
            CASES[name] += cases
            TYPED_ERRORS[name] += typed
            SECONDS[name] += seconds


def pytest_terminal_summary(terminalreporter):
    if not CASES:
        return
    total = sum(CASES.values())
    seconds = sum(SECONDS.values())
    terminalreporter.section("fuzz")
    for name, cases in sorted(CASES.items()):
        terminalreporter.write_line(
            f"{name}: {cases} cases ({TYPED_ERRORS[name]} typed errors) in {SECONDS[name]:.1f} s"
        )
    failed = len(terminalreporter.stats.get("failed", []))
    terminalreporter.write_line(
        f"fuzz total: {total} cases in {seconds:.1f} s, "
        f"{'0 unexpected exceptions' if not failed else f'{failed} fuzz test(s) failed'}"
    )
