"""Finding 12: every cookieless `GET /apply/` wrote a session row.

Fifty requests made fifty rows: anyone could fill the session table with the
form's address alone. A session starts only when the form is sent.
"""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

pytestmark = pytest.mark.django_db


def test_reading_the_form_writes_no_session(program):
    for _ in range(50):
        client = Client()  # no cookie, as a crawler or a script
        assert client.get("/apply/").status_code == 200
        assert client.head("/apply/").status_code == 200
    assert Session.objects.count() == 0


def test_the_form_still_works_without_a_session_before_it(program, form_data):
    client = Client()
    client.get("/apply/")
    response = client.post("/apply/", form_data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].startswith("/apply/status/")
    # The second send of the same form (a double click) finds the first record.
    again = client.post("/apply/", form_data)
    assert again.status_code == 302
    assert again["Location"] == response["Location"]
