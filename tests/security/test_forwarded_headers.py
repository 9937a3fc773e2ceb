"""Finding 11: X-Forwarded-For is believed only from the proxies' own addresses."""

import pytest
from django.test import RequestFactory

from registry.net import client_address

pytestmark = pytest.mark.django_db

API = "/api/v1/sectors/"


def request_from(remote_addr: str, forwarded: str):
    return RequestFactory().get(
        "/", REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR=forwarded
    )


def test_a_peer_that_is_not_a_proxy_is_counted_by_its_own_address(settings):
    settings.REGISTRY_TRUSTED_PROXIES = 1
    settings.REGISTRY_PROXY_ADDRESSES = ["127.0.0.2"]

    assert client_address(request_from("127.0.0.1", "198.51.100.1")) == "127.0.0.1"
    assert client_address(request_from("127.0.0.2", "198.51.100.1")) == "198.51.100.1"


def test_proxy_addresses_may_be_networks(settings):
    settings.REGISTRY_TRUSTED_PROXIES = 1
    settings.REGISTRY_PROXY_ADDRESSES = ["10.0.0.0/24", "::1"]

    assert client_address(request_from("10.0.0.9", "198.51.100.1")) == "198.51.100.1"
    assert client_address(request_from("::1", "198.51.100.2")) == "198.51.100.2"
    assert client_address(request_from("10.0.1.9", "198.51.100.1")) == "10.0.1.9"
    # An address that is no address never matches, and never raises.
    assert client_address(request_from("not-an-ip", "198.51.100.1")) == "not-an-ip"


def test_direct_requests_with_a_changing_forwarded_for_are_throttled(client, settings):
    settings.REGISTRY_API_ANON_RATE = "3/minute"
    settings.REGISTRY_TRUSTED_PROXIES = 1
    settings.REGISTRY_PROXY_ADDRESSES = ["127.0.0.2"]

    statuses = [
        client.get(
            API, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(5)
    ]

    assert statuses == [200, 200, 200, 429, 429]
