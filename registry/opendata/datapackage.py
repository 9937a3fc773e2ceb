"""A Frictionless Data Package (`datapackage.json`) for each open-data dump.

Tools such as `frictionless validate`, OpenRefine or pandas read the package
to learn what each CSV column holds (type, whether it is required, which
column is the key and which point at another file), under which licence the
data are published and where they come from, and check every file against
its SHA-256 and size. The Table Schemas are derived from the API's own
serializers, so the files and their description cannot drift apart.
"""

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from rest_framework import serializers

DATAPACKAGE = "datapackage.json"
# The JSON files sit beside the tables, so the package as a whole is not a
# "tabular-data-package"; each CSV is still a "tabular-data-resource".
PROFILE = "data-package"
# What the seed records state comes from these; the data package names them.
SOURCES = [
    {
        "title": "Shanghai Daily, 2024-12-01: Pudong's Group Open Innovation program",
        "path": "https://www.shine.cn/news/metro/2412014885/",
    },
    {
        "title": "Research Organization Registry (ROR)",
        "path": "https://ror.org/",
    },
]
# Table Schema types of the serializer fields that are not text.
FIELD_TYPES = [
    (serializers.BooleanField, "boolean"),
    (serializers.IntegerField, "integer"),
    (serializers.FloatField, "number"),
    (serializers.DecimalField, "number"),
    (serializers.DateTimeField, "datetime"),
    (serializers.DateField, "date"),
]


def file_facts(path: Path) -> dict:
    """The hash and size of a file, as a Data Package resource states them."""
    with path.open("rb") as stream:  # read in blocks: a file may be 100 MB
        digest = hashlib.file_digest(stream, "sha256").hexdigest()
    return {"hash": f"sha256:{digest}", "bytes": path.stat().st_size}


def table_schema(serializer_class, *, resource: str, resources_by_model: dict):
    """The Table Schema of a resource's CSV file, from its serializer."""
    serializer = serializer_class()
    model = serializer.Meta.model
    fields, foreign_keys = [], []
    for name, field in serializer.fields.items():
        descriptor = {"name": name, "type": _type(field)}
        if field.help_text:
            descriptor["description"] = str(field.help_text)
        constraints = {}
        if name == "id" or _required(model, field):
            constraints["required"] = True
        if isinstance(field, serializers.ChoiceField):
            choices = [str(choice) for choice in field.choices if choice != ""]
            constraints["enum"] = choices
        if constraints:
            descriptor["constraints"] = constraints
        fields.append(descriptor)
        if isinstance(field, serializers.ModelSerializer):
            target = resources_by_model.get(field.Meta.model)
            if target is not None:
                foreign_keys.append(
                    {
                        "fields": name,
                        # "" is the resource itself (an organization's parent).
                        "reference": {
                            "resource": "" if target == resource else target,
                            "fields": "id",
                        },
                    }
                )
    schema = {"fields": fields, "primaryKey": "id", "missingValues": [""]}
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema


def _type(field) -> str:
    if isinstance(field, serializers.ModelSerializer):
        # A reference is written as the record's id (see api.renderers.flatten).
        return _type(field.fields["id"])
    for field_class, type_name in FIELD_TYPES:
        if isinstance(field, field_class):
            return type_name
    return "string"


def _required(model, field) -> bool:
    source = field.source
    if not source or source == "*" or "." in source:
        return False
    try:
        model_field = model._meta.get_field(source)
    except FieldDoesNotExist:
        return False
    if getattr(model_field, "auto_now", False) or getattr(
        model_field, "auto_now_add", False
    ):
        return True
    if model_field.many_to_many or model_field.one_to_many:
        return False
    return not (model_field.null or model_field.blank)


def write_datapackage(folder: Path, *, dump, serializers_by_resource: dict) -> Path:
    """Write `datapackage.json` into a dump's folder, describing its files."""
    resources_by_model = {
        serializer_class.Meta.model: name
        for name, serializer_class in serializers_by_resource.items()
    }
    resources = []
    for name, serializer_class in serializers_by_resource.items():
        csv_file, json_file = f"{name}.csv", f"{name}.json"
        resources.append(
            {
                "name": name,
                "path": csv_file,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                **file_facts(folder / csv_file),
                "schema": table_schema(
                    serializer_class,
                    resource=name,
                    resources_by_model=resources_by_model,
                ),
            }
        )
        resources.append(
            {
                "name": f"{name}-json",
                "path": json_file,
                "profile": "data-resource",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                **file_facts(folder / json_file),
            }
        )
    package = {
        "profile": PROFILE,
        "name": "pudong-innovation-registry",
        "title": "Pudong Innovation Registry",
        "description": (
            "Every published record of the Pudong Innovation Registry: the Group "
            "Open Innovation program and its members, incubators and R&D "
            "institutions, awards and recognitions, events and reported figures."
        ),
        "version": dump.version,
        "created": dump.generated_at,
        "homepage": f"{settings.REGISTRY_SITE_URL.rstrip('/')}/data/",
        "licenses": [
            {
                "name": dump.licence.replace(" ", "-"),
                "path": dump.licence_url,
                "title": dump.licence,
            }
        ],
        "sources": SOURCES,
        "contributors": [
            {
                "title": str(settings.REGISTRY_SITE_NAME),
                "role": "publisher",
                "path": settings.REGISTRY_SITE_URL,
            }
        ],
        "resources": resources,
    }
    path = folder / DATAPACKAGE
    path.write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
    return path
