"""A lost database shows a friendly bilingual 503 page, not a server error."""

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client


@pytest.fixture
def visitor():
    # As a browser sees it: the handler's page, not the exception.
    return Client(raise_request_exception=False)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/zh-hans/members/", "/apply/"])
def test_lost_database_shows_the_outage_page(visitor, monkeypatch, path):
    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(CursorWrapper, "execute", lost)
    response = visitor.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.text
    assert "The registry is briefly unavailable" in page
    assert "浦东创新名录暂时无法访问" in page
    assert "server closed the connection" not in page
    assert "Traceback" not in page


@pytest.mark.django_db
def test_other_errors_keep_the_server_error_page(visitor, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = visitor.get("/")
    assert response.status_code == 500
    assert "briefly unavailable" not in response.text


def test_postgresql_connections_give_up_and_are_checked_before_reuse():
    from tests.env_settings import settings_with

    database = settings_with(DATABASE_URL="postgresql://registry@db.internal/registry")[
        "DATABASES"
    ]["default"]
    assert database["OPTIONS"]["connect_timeout"] == 5
    assert database["CONN_HEALTH_CHECKS"] is True
