"""Schemathesis against /api/v1/openapi.json: every operation, with values that fit the schema (positive,
including real rows for path parameters) and values that do not (negative: wrong types, out of bounds, missing
required ones). No answer is a server error, and every answer is what the schema says (status code, content
type, body), with bad values refused and good ones accepted.

Runs on the Django test database through the WSGI app, in process. ``NEWSDESK_API_FUZZ_EXAMPLES`` sets the
examples per operation and mode (default 100: about half a minute on two cores; BENCHMARKS.md has the figures).
"""

from __future__ import annotations

import os
import time

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from newsdesk.comments.models import Comment
from newsdesk.sources.models import Source
from tests.api.conftest import ENTITY_ID

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("NEWSDESK_API_FUZZ_EXAMPLES", "100"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
    positive_data_acceptance,
]
SECRET_EMAIL = "schemathesis-reader-0b9e@example.org"

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
OPERATIONS = {op.ok().label: op.ok() for op in schema.get_all_operations()}
RUNS: dict[str, tuple[int, float]] = {}  # label and mode: examples run, seconds (printed at the end)


@pytest.fixture(autouse=True)
def _connection_kept_between_requests():
    """The WSGI handler closes the database connection after each request, which would end the test's
    transaction on PostgreSQL; Django's test client holds these signals back the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def rows(newsroom):
    """Real values for every path parameter: an article (with comments), a story, an entity, a source."""
    article = newsroom["articles"][0]
    Comment.objects.create(
        article=article, name="Grace", email=SECRET_EMAIL, body="Seen it.", status=Comment.Status.APPROVED
    )
    return {
        "article_id": str(article.pk),
        "story_id": str(newsroom["story"].pk),
        "entity_id": str(ENTITY_ID),
        "source_id": Source.objects.order_by("pk").first().pk,
    }


def without_cursor(case):
    """A cursor is opaque: any text fits its schema, only the ones we made are accepted (a made-up one is a
    400, which the negative cases and test_bad_parameters check). Valid cases page from the start."""
    if case.query:
        case.query.pop("cursor", None)
    return case


def strategy(operation, mode: GenerationMode, rows: dict):
    generated = operation.as_strategy(generation_mode=mode)
    names = {p.name for p in operation.path_parameters}
    if mode is GenerationMode.NEGATIVE:
        return generated
    if names:  # random ids find nothing: half the cases ask for rows that exist, so their answers are checked
        generated = st.one_of(
            generated, operation.as_strategy(generation_mode=mode, path_parameters={n: rows[n] for n in names})
        )
    return generated.map(without_cursor)


CASES = [
    (label, mode)
    for label, operation in sorted(OPERATIONS.items())
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode is GenerationMode.POSITIVE or any(True for _ in operation.iter_parameters())
]


@pytest.mark.parametrize("label, mode", CASES, ids=[f"{label} {mode}" for label, mode in CASES])
def test_every_operation_answers_as_its_schema_says(label, mode, rows):
    operation = OPERATIONS[label]
    count, started = 0, time.perf_counter()

    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    @given(case=strategy(operation, mode, rows))
    def run(case):
        nonlocal count
        count += 1
        response = case.call_and_validate(checks=CHECKS)
        assert SECRET_EMAIL.encode() not in response.content

    run()
    RUNS[f"{label} {mode}"] = (count, time.perf_counter() - started)
    assert count > 0


def test_zz_report_counts():
    """Prints how many cases each operation ran and how long they took (``pytest -s``), for BENCHMARKS.md."""
    if not RUNS:
        pytest.skip("the operations above did not run")
    for key, (count, seconds) in sorted(RUNS.items()):
        print(f"{key}: {count} cases, {seconds:.1f} s")
    print(f"total: {sum(c for c, _ in RUNS.values())} cases, {sum(s for _, s in RUNS.values()):.1f} s")
