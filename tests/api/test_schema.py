"""The API's published contract: the OpenAPI schema changes only where announced.

`tests/data/openapi-before.yaml` is the schema as clients knew it before the
serializers were rewritten. Today's schema must read the same, except for the
changes the README announces: the `html_url` link on every record, `url`
marked as its deprecated alias, one `ordering` vocabulary on every list, a
list's CSV streamed without an ETag, and the organizations' identifier filters.
"""

import re

import pytest
import yaml
from django.core.management import call_command
from django.db import connection

from tests.paths import DATA

BEFORE = DATA / "openapi-before.yaml"

# (path pattern, why the difference is allowed)
ANNOUNCED = [
    (r"components/schemas/\w+/properties/html_url", "the public page, new"),
    (r"components/schemas/\w+/required", "html_url is always present"),
    (r"components/schemas/\w+/properties/url/(description|deprecated)", "alias"),
    (r"paths/[^ ]+/get/parameters/ordering/(description|schema/pattern)", "words"),
    # The main program is a setting now, so no text names GOI as if it were fixed,
    # and "joined" means joining the main program.
    (r"components/schemas/\w*Program(Input\w+)?/properties/code/description", "GOI"),
    (r"paths//api/v1/(programs|awards)/({slug}/)?/\w+/description", "GOI, as examples"),
    (r"paths/[^ ]+/get/parameters/program/description", "no literal goi"),
    (r"paths/[^ ]+/get/parameters/joined/description", "the main program"),
    # Every operation shows an example of its answer and of its body.
    (
        r"paths/[^ ]+/\w+/(responses/2\d\d|requestBody)/content/"
        r"application/json/examples",
        "examples",
    ),
    # Integer parameters are capped: a number of thousands of digits is a 400.
    (r"paths/[^ ]+/get/parameters/(page|page_size)/schema/maximum", "cap"),
    (r"paths/[^ ]+/get/parameters/page_size/description", "the cap, in words"),
    # Keyset paging: a new, optional parameter; `page` works as before.
    (r"paths/[^ ]+/get/parameters/cursor", "keyset paging, new"),
    # Lookup by identifier: new, optional filters on the organizations list.
    (
        r"paths//api/v1/organizations//get/parameters/(uscc|ror_id|wikidata_id)",
        "lookup by identifier, new",
    ),
    # A list's CSV streams, so it carries no ETag.
    (r"info/description", "the streamed CSV"),
]

# The fixture was written on SQLite, where every integer has the 64-bit range;
# other databases state a column's own range (a small integer's 32767).
BY_DATABASE = r"components/schemas/\w+/properties/\w+/(format|minimum|maximum)"


def generated_schema(tmp_path) -> dict:
    path = tmp_path / "openapi.yaml"
    call_command("spectacular", file=str(path), lang="en")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def keyed(value):
    """Parameter lists keyed by name, so a difference is named, not numbered."""
    if isinstance(value, list) and all(
        isinstance(item, dict) and "name" in item for item in value
    ):
        return {item["name"]: item for item in value}
    return value


def differences(before, after, path=""):
    before, after = keyed(before), keyed(after)
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after), key=str):
            yield from differences(
                before.get(key), after.get(key), f"{path}/{key}".lstrip("/")
            )
    elif before != after:
        yield path, before, after


def test_schema_is_unchanged_but_for_announced_changes(db, tmp_path):
    before = yaml.safe_load(BEFORE.read_text(encoding="utf-8"))
    after = generated_schema(tmp_path)

    allowed = [pattern for pattern, _ in ANNOUNCED]
    if connection.vendor != "sqlite":
        allowed.append(BY_DATABASE)
    unannounced = [
        (path, old, new)
        for path, old, new in differences(before, after)
        if not any(re.fullmatch(pattern, path) for pattern in allowed)
    ]
    assert unannounced == []


def test_required_fields_only_gain_html_url(db, tmp_path):
    before = yaml.safe_load(BEFORE.read_text(encoding="utf-8"))
    after = generated_schema(tmp_path)

    for name, component in after["components"]["schemas"].items():
        old = before["components"]["schemas"].get(name, {}).get("required", [])
        new = component.get("required", [])
        assert [field for field in new if field != "html_url"] == old, name


@pytest.mark.parametrize("component", ["Organization", "Award", "Recognition"])
def test_records_link_their_page_and_mark_url_deprecated(db, tmp_path, component):
    properties = generated_schema(tmp_path)["components"]["schemas"][component][
        "properties"
    ]

    assert properties["html_url"]["format"] == "uri"
    assert properties["url"]["deprecated"] is True
    assert "html_url" in properties["url"]["description"]
