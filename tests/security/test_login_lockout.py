"""Admin login lockout (django-axes): a guessed password stops working after a few tries, per name and address."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PASSWORD = "the-right-password-42"
ATTACKER = "203.0.113.66"
COLLEAGUE = "198.51.100.20"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


def log_in(client: Client, password: str, address: str, **headers):
    return client.post(
        LOGIN, {"username": "editor", "password": password, "next": "/admin/"}, REMOTE_ADDR=address, **headers
    )


def test_forty_wrong_passwords_lock_the_login_even_for_the_right_one(settings, staff):
    settings.NEWSDESK_LOGIN_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT = 5
    client = Client()
    answers = [log_in(client, f"guess-{n}", ATTACKER).status_code for n in range(40)]

    # The first four are the ordinary login form again; from the limit on, the lockout page.
    assert answers[:4] == [200] * 4
    assert set(answers[4:]) == {429}
    locked = log_in(client, PASSWORD, ATTACKER)
    assert locked.status_code == 429
    assert "Sign-in paused" in locked.content.decode()
    assert int(locked["Retry-After"]) == settings.NEWSDESK_LOGIN_COOLOFF_MINUTES * 60
    assert "_auth_user_id" not in client.session


def test_another_address_still_logs_in(settings, staff):
    settings.NEWSDESK_LOGIN_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT = 5
    for n in range(10):
        log_in(Client(), f"guess-{n}", ATTACKER)

    colleague = Client()
    response = log_in(colleague, PASSWORD, COLLEAGUE)

    assert response.status_code == 302
    assert colleague.session["_auth_user_id"] == str(staff.pk)


def test_behind_a_trusted_proxy_the_lock_is_per_reader_not_per_proxy(settings, staff):
    settings.NEWSDESK_TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.AXES_FAILURE_LIMIT = 3
    for n in range(5):
        log_in(Client(), f"guess-{n}", "10.0.0.2", HTTP_X_FORWARDED_FOR=ATTACKER)

    colleague = Client()
    response = log_in(colleague, PASSWORD, "10.0.0.2", HTTP_X_FORWARDED_FOR=COLLEAGUE)

    assert response.status_code == 302
    assert AccessAttempt.objects.get().ip_address == ATTACKER


def test_the_cool_off_ends_the_lock(settings, staff):
    settings.AXES_FAILURE_LIMIT = 2
    for n in range(3):
        log_in(Client(), f"guess-{n}", ATTACKER)
    assert log_in(Client(), PASSWORD, ATTACKER).status_code == 429

    # The cool-off counts from the last failure: move it back past the window instead of waiting.
    attempt = AccessAttempt.objects.get()
    attempt.attempt_time -= settings.AXES_COOLOFF_TIME
    attempt.save()

    assert log_in(Client(), PASSWORD, ATTACKER).status_code == 302


def test_attempts_are_listed_in_the_admin(admin_client, staff):
    log_in(Client(), "wrong", ATTACKER)

    page = admin_client.get(reverse("admin:axes_accessattempt_changelist"))

    assert page.status_code == 200
    assert ATTACKER in page.content.decode()
