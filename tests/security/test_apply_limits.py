"""The application form cannot be used to flood the registry or mail strangers."""

import datetime
import threading
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from registry.applications import ratelimit
from registry.models import Application, ApplicationAttempt
from tests.factories import valid_uscc

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Row locks and concurrent writers need PostgreSQL; SQLite serializes "
    "writers, which tests/applications/test_load.py drives with real processes.",
)


def fresh(form_data, n):
    return dict(form_data, uscc=valid_uscc(100 + n), submission_id=str(uuid.uuid4()))


def test_ipv6_addresses_are_counted_by_their_64_bit_prefix(client, form_data, settings):
    settings.REGISTRY_APPLY_RATE_LIMIT = 2
    same_network = ["2001:db8:1:2::1", "2001:db8:1:2:ffff::9", "2001:0db8:1:2::abcd"]
    answers = [
        client.post("/apply/", fresh(form_data, n), REMOTE_ADDR=address).status_code
        for n, address in enumerate(same_network)
    ]
    assert answers == [302, 302, 429]
    other_network = client.post(
        "/apply/", fresh(form_data, 9), REMOTE_ADDR="2001:db8:1:3::1"
    )
    assert other_network.status_code == 302


def test_confirmation_emails_have_a_global_hourly_cap(
    client, form_data, settings, mailoutbox
):
    settings.REGISTRY_APPLY_EMAIL_CAP = 2
    for n in range(3):
        response = client.post(
            "/apply/", fresh(form_data, n), REMOTE_ADDR=f"198.51.100.{n}"
        )
        assert response.status_code == 302
    assert Application.objects.count() == 3
    assert len(mailoutbox) == 2
    page = client.get(response.url).content.decode()
    assert "No email was sent" in page
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1, minutes=1)
    Application.objects.update(created_at=an_hour_ago, emailed_at=an_hour_ago)
    client.post("/apply/", fresh(form_data, 5), REMOTE_ADDR="198.51.100.9")
    assert len(mailoutbox) == 3


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_rate_limit_holds_under_concurrent_submissions(settings):
    settings.REGISTRY_APPLY_RATE_LIMIT = 3
    clients = 12
    start = threading.Barrier(clients)
    answers = []

    def attempt():
        start.wait()
        try:
            answers.append(ratelimit.record_application_attempt("192.0.2.50"))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers.count(True) == 3
    assert ApplicationAttempt.objects.count() == 3
