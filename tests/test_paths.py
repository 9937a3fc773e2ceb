"""The one table of path rules: what the page cache never keeps, and what is
read from the primary, in either language."""

import pytest

from registry.paths import never_cached, reads_primary


@pytest.mark.parametrize("prefix", ["", "/zh-hans"])
@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/registry/", "/apply/", "/apply/status/x/", "/i18n/"]
)
def test_personal_pages_and_forms_are_never_cached_and_read_the_primary(prefix, path):
    assert never_cached(prefix + path)
    assert reads_primary(prefix + path)


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_checks_are_never_cached_and_read_the_primary(path):
    assert never_cached(path) and reads_primary(path)


@pytest.mark.parametrize("path", ["/data/", "/zh-hans/data/"])
def test_the_open_data_page_is_never_cached_but_may_read_a_replica(path):
    assert never_cached(path)
    assert not reads_primary(path)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/members/",
        "/zh-hans/members/",
        "/api/v1/organizations/",
        "/administrators/",
    ],
)
def test_public_pages_may_be_cached_and_read_a_replica(path):
    assert not never_cached(path)
    assert not reads_primary(path)
