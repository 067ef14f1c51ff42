"""The reader's address: X-Forwarded-For is believed only from a proxy the operator trusts."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from newsdesk.core.client_address import client_address, parse_networks
from tests.comments.conftest import article, form_data, make_article, post_url, source  # noqa: F401

PROXY = "10.0.0.2"


def address_of(remote_addr, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers))


@pytest.fixture
def behind_proxy(settings):
    settings.NEWSDESK_TRUSTED_PROXIES = ["10.0.0.0/8", "127.0.0.1"]


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.NEWSDESK_TRUSTED_PROXIES = []
    assert address_of("203.0.113.5", "198.51.100.1") == "203.0.113.5"


def test_a_forged_header_from_an_untrusted_address_is_ignored(behind_proxy):
    assert address_of("203.0.113.5", "198.51.100.1, 10.0.0.7") == "203.0.113.5"


def test_the_right_most_untrusted_hop_is_the_reader(behind_proxy):
    # The reader forged "1.2.3.4" to the left; nginx appended the address it really saw; a second proxy too.
    assert address_of(PROXY, "1.2.3.4, 198.51.100.1, 10.0.0.9") == "198.51.100.1"


def test_only_proxies_in_the_chain_give_the_nearest_one(behind_proxy):
    assert address_of(PROXY, "10.0.0.9") == "10.0.0.9"
    assert address_of(PROXY) == PROXY


def test_garbage_in_the_header_stops_the_walk(behind_proxy):
    assert address_of(PROXY, "198.51.100.1, not-an-address") == PROXY
    assert address_of(PROXY, "1.2.3.4, <script>, 10.0.0.3") == "10.0.0.3"


def test_ports_brackets_and_mapped_ipv4_are_normalised(behind_proxy, settings):
    assert address_of(PROXY, "198.51.100.1:51234") == "198.51.100.1"
    assert address_of(PROXY, "[2001:db8::1]:443") == "2001:db8::1"
    assert address_of("::ffff:203.0.113.9") == "203.0.113.9"
    settings.NEWSDESK_TRUSTED_PROXIES = ["::1"]
    assert address_of("::1", "2001:db8::7") == "2001:db8::7"


def test_a_request_without_an_address_has_none():
    assert address_of("") is None


def test_a_bad_proxy_entry_fails_loudly_with_the_fix():
    with pytest.raises(ImproperlyConfigured, match="NEWSDESK_TRUSTED_PROXIES: '10.0.0.300'.*comma-separated"):
        parse_networks(("10.0.0.300",))


# --- The comment rate limit uses it ----------------------------------------------------------------------


@pytest.fixture
def one_comment_each(settings):
    settings.NEWSDESK_COMMENT_RATE_LIMIT = 1
    settings.NEWSDESK_COMMENT_MIN_SECONDS = 0


def post_via(client, article, remote_addr, forwarded):
    return client.post(
        post_url(article), form_data(article), REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR=forwarded
    ).status_code


@pytest.mark.django_db
def test_behind_a_trusted_proxy_two_readers_have_separate_buckets(behind_proxy, one_comment_each, client, article):
    assert post_via(client, article, PROXY, "198.51.100.1") == 303
    assert post_via(client, article, PROXY, "198.51.100.2") == 303  # a second reader: not limited
    assert post_via(client, article, PROXY, "198.51.100.1") == 429  # the first one again: limited
    assert sorted(article.comments.values_list("ip_address", flat=True)) == ["198.51.100.1", "198.51.100.2"]


@pytest.mark.django_db
def test_a_forged_header_does_not_open_a_new_bucket(behind_proxy, one_comment_each, client, article):
    assert post_via(client, article, "203.0.113.5", "198.51.100.1") == 303
    assert post_via(client, article, "203.0.113.5", "198.51.100.2") == 429
