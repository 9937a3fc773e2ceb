"""The OpenAPI schema is valid, and every operation shows an example."""

import copy
from urllib.parse import urlsplit

import pytest
from openapi_schema_validator import (
    OAS30ReadValidator,
    OAS30WriteValidator,
    oas30_format_checker,
)
from openapi_spec_validator import validate

WRITES = ("post", "put", "patch")
# The "uri" format is only checked with an optional package; an absolute URI
# (what the schema's `format: uri` means) has at least a scheme.
FORMATS = copy.deepcopy(oas30_format_checker)
FORMATS.checks("uri")(lambda value: bool(urlsplit(value).scheme))


@pytest.fixture
def spec(client, db):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def operations(spec):
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", method, operation


def null_refs(node):
    """drf-spectacular writes a reference that may be null as `allOf: [ref]`
    beside `nullable: true`, which OpenAPI 3.0 tools read as "the record or
    null"; spell that out for the validator, which reads `nullable` only
    beside a `type`."""
    if isinstance(node, list):
        return [null_refs(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: null_refs(value) for key, value in node.items()}
    if node.get("nullable") and "allOf" in node and "type" not in node:
        rest = {k: v for k, v in node.items() if k not in ("nullable", "allOf")}
        return {**rest, "anyOf": [*node["allOf"], {"enum": [None], "nullable": True}]}
    return node


def check(spec, content: dict, validator_class) -> list[str]:
    """The example's problems against the schema it illustrates."""
    schema = null_refs({"components": spec["components"], **content["schema"]})
    validator = validator_class(schema, format_checker=FORMATS)
    problems = []
    for example in content["examples"].values():
        problems += [error.message for error in validator.iter_errors(example["value"])]
    return problems


def test_the_schema_is_valid_openapi(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.")


def test_every_operation_has_an_example_that_fits_its_schema(spec):
    missing, wrong = [], {}
    for name, method, operation in operations(spec):
        answers = [
            response["content"]["application/json"]
            for code, response in operation["responses"].items()
            if code.startswith("2")
            and "application/json" in response.get("content", {})
        ]
        if not answers or any("examples" not in answer for answer in answers):
            missing.append(name)
            continue
        for answer in answers:
            wrong[name] = check(spec, answer, OAS30ReadValidator)
        if method in WRITES:
            body = operation["requestBody"]["content"]["application/json"]
            if "examples" not in body:
                missing.append(f"{name} (request body)")
                continue
            wrong[f"{name} (request body)"] = check(spec, body, OAS30WriteValidator)

    assert missing == []
    assert {name: problems for name, problems in wrong.items() if problems} == {}
    assert len(wrong) >= 8 * 5 + 8 * 3
