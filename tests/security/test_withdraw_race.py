"""Two withdraw requests at once: one withdraws, the other is told it is done."""

import threading

import pytest
from django.db import connection
from django.test import Client

from registry.applications import services
from registry.models import Application
from tests.factories import ApplicationFactory
from tests.security.applicant import status_path


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Two writers at once on one row need PostgreSQL's row locks.",
)
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_withdrawals_are_one_and_a_repeat(program, monkeypatch):
    application = ApplicationFactory(program=program)
    url = status_path(application)
    both_in = threading.Barrier(2)
    real_lock = services._lock

    def lock_together(app):
        # Both requests have read the open application; now both try to lock it.
        both_in.wait(timeout=10)
        return real_lock(app)

    monkeypatch.setattr(services, "_lock", lock_together)
    answers, errors = [], []

    def withdraw():
        try:
            client = Client(raise_request_exception=True)
            response = client.post(url, {"action": "withdraw"}, follow=True)
            answers.append((response.status_code, response.content.decode()))
        except Exception as error:  # noqa: BLE001 - the test reports it below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=withdraw) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(status for status, _html in answers) == [200, 200]
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert all("withdrawn" in html for _status, html in answers)


@pytest.mark.django_db
def test_withdrawing_twice_answers_like_a_repeat(client, program):
    application = ApplicationFactory(program=program)
    url = status_path(application)
    client.post(url, {"action": "withdraw"})
    again = client.post(url, {"action": "withdraw"}, follow=True)
    assert again.status_code == 200
    assert "already withdrawn" in again.content.decode()
