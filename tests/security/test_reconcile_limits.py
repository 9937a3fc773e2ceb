"""Finding 5: the reconciliation service bounds the work one request can ask for,
and every refusal is a 4xx in the service's error form, never a 5xx."""

import json

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from registry.reconcile.matching import MAX_BATCH, MAX_PROPERTIES, MAX_REQUEST_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def unthrottled(settings):
    settings.REGISTRY_API_ANON_RATE = ""
    cache.clear()
    yield
    cache.clear()


def assert_refused(response, status=400):
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["error"], str) and body["error"]


def extend(client, properties, ids=("chemexpress",), method="post"):
    send = client.post if method == "post" else client.get
    return send(
        "/reconcile/",
        {"extend": json.dumps({"ids": list(ids), "properties": properties})},
    )


def test_an_extend_with_thousands_of_copies_of_a_property_is_refused(client, seed):
    response = extend(client, [{"id": "awards"}] * 55_000)

    assert_refused(response, 413)


def test_an_extend_with_many_copies_under_the_size_cap_is_refused(client, seed):
    response = extend(client, [{"id": "awards"}] * (MAX_PROPERTIES + 1))

    assert_refused(response)
    assert str(MAX_PROPERTIES) in response.json()["error"]


def test_repeated_extend_properties_give_one_column(client, seed):
    response = extend(client, [{"id": "uscc"}, {"id": "awards"}, {"id": "uscc"}])

    assert response.status_code == 200
    assert [m["id"] for m in response.json()["meta"]] == ["uscc", "awards"]


def test_a_query_with_two_thousand_codes_is_refused_not_unavailable(client, seed):
    properties = [{"pid": "uscc", "v": f"91310000{n:010d}"} for n in range(2000)]

    response = client.post(
        "/reconcile/",
        {"queries": json.dumps({"q0": {"query": "x", "properties": properties}})},
    )

    assert_refused(response)


def test_a_property_with_thousands_of_values_is_refused(client, seed):
    values = [f"91310000{n:010d}" for n in range(2000)]
    queries = {"q0": {"query": "x", "properties": [{"pid": "uscc", "v": values}]}}

    response = client.post("/reconcile/", {"queries": json.dumps(queries)})

    assert_refused(response)


def test_an_unknown_query_property_is_refused(client, seed):
    queries = {"q0": {"query": "ChemExpress", "properties": [{"pid": "P17", "v": "x"}]}}

    response = client.get("/reconcile/", {"queries": json.dumps(queries)})

    assert_refused(response)
    assert "P17" in response.json()["error"]


def test_repeated_query_values_still_match(client, seed):
    properties = [{"pid": "uscc", "v": "91310000794467963L"}] * 3
    queries = {"q0": {"query": "", "properties": properties}}

    response = client.get("/reconcile/", {"queries": json.dumps(queries)})

    assert response.status_code == 200
    assert response.json()["q0"]["result"][0]["id"] == "chemexpress"


@pytest.mark.parametrize(
    "limit", ["Infinity", "-Infinity", "NaN", "1e999", "-1e999", "1e308"]
)
def test_a_non_finite_or_huge_limit_is_refused_or_bounded(client, seed, limit):
    raw = '{"q0": {"query": "ChemExpress", "limit": ' + limit + "}}"

    response = client.get("/reconcile/", {"queries": raw})

    if limit == "1e308":
        assert response.status_code == 200
        assert len(response.json()["q0"]["result"]) <= 25
    else:
        assert_refused(response)


def test_a_body_over_the_cap_is_refused_before_it_is_read(client, db):
    queries = {"q0": {"query": "x" * 100}}
    padding = "p" * (MAX_REQUEST_BYTES + 1)

    response = client.post(
        "/reconcile/", {"queries": json.dumps(queries), "padding": padding}
    )

    assert_refused(response, 413)


def test_a_query_string_over_the_cap_is_refused(client, db):
    response = client.get("/reconcile/", {"queries": "{" + " " * MAX_REQUEST_BYTES})

    assert_refused(response, 413)


@pytest.mark.parametrize("depth", [10, 5_000, 100_000])
def test_deeply_nested_json_is_refused(client, db, depth):
    for name in ("queries", "extend"):
        response = client.post("/reconcile/", {name: "[" * depth + "]" * depth})
        assert_refused(response)


def test_a_json_body_gets_a_4xx(client, db):
    for body in ("[1, 2]", '{"queries": {"q0": {"query": "a"}}}', "[" * 10_000):
        response = client.post("/reconcile/", body, content_type="application/json")
        assert 400 <= response.status_code < 500


# Fuzzing: whatever the shape, the answer is never a 5xx ----------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=6)
        | st.dictionaries(st.text(max_size=10), children, max_size=6)
    ),
    max_leaves=30,
)
pids = st.sampled_from(["uscc", "ror", "website", "district", "USCC", "P31", ""])
properties = st.lists(
    st.fixed_dictionaries({"pid": pids, "v": json_values | st.text(max_size=40)}),
    max_size=MAX_PROPERTIES + 5,
)
numbers = st.sampled_from(
    ["Infinity", "-Infinity", "NaN", "1e999", "0", "-3", "2.5", "25", "1e30"]
)


def raw_batch(queries: dict, limit: str) -> str:
    """JSON with a bare number as the limit: NaN and Infinity are not JSON,
    but Python's json and some clients write them."""
    text = json.dumps(queries, allow_nan=True)
    return text.replace('"LIMIT"', limit)


@hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    size=st.integers(min_value=0, max_value=MAX_BATCH + 3),
    query=st.text(min_size=1, max_size=40) | json_values,
    props=properties,
    limit=numbers,
    types=st.lists(st.text(max_size=12), max_size=3)
    | st.text(max_size=12)
    | json_values,
)
def test_fuzzed_batches_never_get_a_5xx(client, db, size, query, props, limit, types):
    batch = {
        f"q{n}": {"query": query, "properties": props, "limit": "LIMIT", "type": types}
        for n in range(size)
    }
    response = client.post("/reconcile/", {"queries": raw_batch(batch, limit)})

    assert response.status_code < 500
    if response.status_code >= 400:
        assert isinstance(response.json()["error"], str)


@hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    ids=st.lists(st.text(max_size=20), max_size=MAX_BATCH + 3) | json_values,
    props=st.lists(
        st.fixed_dictionaries(
            {"id": st.sampled_from(["uscc", "awards", "kind", "nope"]) | json_values}
        ),
        max_size=MAX_PROPERTIES + 5,
    )
    | json_values,
)
def test_fuzzed_extends_never_get_a_5xx(client, db, ids, props):
    response = client.post(
        "/reconcile/", {"extend": json.dumps({"ids": ids, "properties": props})}
    )

    assert response.status_code < 500
    if response.status_code >= 400:
        assert isinstance(response.json()["error"], str)


@hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(raw=json_values, name=st.sampled_from(["queries", "extend"]))
def test_any_json_in_either_parameter_never_gets_a_5xx(client, db, raw, name):
    response = client.get("/reconcile/", {name: json.dumps(raw, allow_nan=True)})

    assert response.status_code < 500


@pytest.mark.parametrize("limit", ["Infinity", "NaN", "-1", "1e999", "abc", ""])
def test_propose_properties_limit_never_gets_a_5xx(client, db, limit):
    response = client.get("/reconcile/properties/", {"limit": limit})

    assert response.status_code in (200, 400)
