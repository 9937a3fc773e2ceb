"""Finding 9: a crafted API cursor gave a 500 instead of a 400.

`?cursor=` of base64 `[null,1]` reached the query as None ("Cannot use None as
a query value"). Nulls, values of the wrong type and NUL characters are refused
with a 400, like every other malformed cursor.
"""

import base64
import json

import pytest

from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/organizations/"


def cursor_of(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode()


@pytest.fixture
def real_cursor(client):
    """The values of a `next` cursor the API itself gave."""
    for n in range(3):
        OrganizationFactory(name_en=f"Cursor Firm {n}")
    next_url = client.get(API, {"cursor": "", "page_size": 1}).json()["next"]
    raw = next_url.split("cursor=", 1)[1].split("&", 1)[0]
    from urllib.parse import unquote

    return json.loads(base64.urlsafe_b64decode(unquote(raw)))


def crafted(values):
    """Every cursor one changed value away from a real one."""
    for i, value in enumerate(values):
        if isinstance(value, str):
            wrong = [None, 1, 1.5, True, [], {}, ["a"], "a\x00b", "\x00"]
        else:
            wrong = [None, "1", "x", 1.5, True, [], {}, [1], 2**70, -(2**70), "\x00"]
        for bad in wrong:
            yield [*values[:i], bad, *values[i + 1 :]]


def test_the_reported_cursor_is_a_400(client, real_cursor):
    response = client.get(API, {"cursor": cursor_of([None, 1])})
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_every_crafted_cursor_is_a_400(client, real_cursor):
    assert client.get(API, {"cursor": cursor_of(real_cursor)}).status_code == 200
    statuses = {}
    for values in crafted(real_cursor):
        response = client.get(API, {"cursor": cursor_of(values)})
        statuses[json.dumps(values)] = response.status_code
    assert set(statuses.values()) == {400}, statuses


@pytest.mark.parametrize("raw", ["%00", "W251bGwsIDFd\x00", "\x00\x00"])
def test_a_cursor_with_nul_characters_is_a_400(client, real_cursor, raw):
    response = client.get(API, {"cursor": raw})
    assert response.status_code == 400
