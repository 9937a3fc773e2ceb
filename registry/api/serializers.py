"""What the API shows of each record, and what officers may write.

Output serializers list their fields explicitly; nothing personal is among them.
Writes go through their own input serializers, validated like the admin's forms
(the model's full_clean: field validators and database constraints).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from registry.models import (
    Award,
    Event,
    Membership,
    Organization,
    Program,
    Recognition,
    ReportedFigure,
    Sector,
)

ID_HELP = "The record's stable identifier: its slug, also used in its URLs."
NAME_EN_HELP = "The name in English (may be empty when only a Chinese name is known)."
NAME_ZH_HELP = "The name in Simplified Chinese (may be empty)."
URL_HELP = (
    "The record's public page in English (add /zh-hans/ for Chinese); "
    "null when it has no page."
)
API_URL_HELP = "This record in the API."
UPDATED_HELP = "When the record last changed (ISO 8601); see `updated_since`."


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class PageURLField(serializers.Field):
    """The absolute URL of the record's public page, in English."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("help_text", URL_HELP)
        super().__init__(**kwargs)

    def to_representation(self, value):
        page_of = getattr(self.parent, "page_of", None)
        target = page_of(value) if page_of else value
        if target is None or not hasattr(target, "get_absolute_url"):
            return None
        with translation.override("en"):
            path = target.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class APIURLField(serializers.HyperlinkedIdentityField):
    """The record's own API URL, without the request's ?format=."""

    def to_representation(self, value):
        # Without a request (open-data dumps) the URL is a path.
        return self.get_url(value, self.view_name, self.context.get("request"), None)

    def get_url(self, obj, view_name, request, format):
        kwargs = {self.lookup_url_kwarg: getattr(obj, self.lookup_field)}
        path = reverse(view_name, kwargs=kwargs)
        return request.build_absolute_uri(path) if request else path


def api_url(basename: str, lookup: str = "slug"):
    return APIURLField(
        view_name=f"api:{basename}-detail",
        lookup_field=lookup,
        lookup_url_kwarg=lookup,
        help_text=API_URL_HELP,
    )


def slug_id():
    return serializers.SlugField(source="slug", read_only=True, help_text=ID_HELP)


# References: how one record names another inside a response.


class RefSerializer(serializers.ModelSerializer):
    id = slug_id()

    class Meta:
        fields = ["id", "name_en", "name_zh", "api_url"]
        extra_kwargs = {
            "name_en": {"help_text": NAME_EN_HELP},
            "name_zh": {"help_text": NAME_ZH_HELP},
        }


class OrganizationRefSerializer(RefSerializer):
    api_url = api_url("organization")

    class Meta(RefSerializer.Meta):
        model = Organization


class SectorRefSerializer(RefSerializer):
    api_url = api_url("sector")

    class Meta(RefSerializer.Meta):
        model = Sector


class ProgramRefSerializer(RefSerializer):
    api_url = api_url("program")

    class Meta(RefSerializer.Meta):
        model = Program


class AwardRefSerializer(RefSerializer):
    api_url = api_url("award")

    class Meta(RefSerializer.Meta):
        model = Award


class EventRefSerializer(RefSerializer):
    api_url = api_url("event")

    class Meta(RefSerializer.Meta):
        model = Event


# The records.


class OrganizationSerializer(serializers.ModelSerializer):
    id = slug_id()
    aliases = serializers.ListField(
        source="alias_list",
        child=serializers.CharField(),
        read_only=True,
        help_text="Other names and abbreviations, in either language.",
    )
    parent = OrganizationRefSerializer(
        source="public_parent",
        read_only=True,
        allow_null=True,
        help_text="The company an innovation unit belongs to; null if none is "
        "published.",
    )
    sectors = SectorRefSerializer(
        many=True, read_only=True, help_text="The sectors it works in."
    )
    url = PageURLField()
    api_url = api_url("organization")

    class Meta:
        model = Organization
        fields = [
            "id",
            "name_en",
            "name_zh",
            "aliases",
            "kind",
            "status",
            "parent",
            "sectors",
            "ownership",
            "investor_country",
            "uscc",
            "ror_id",
            "wikidata_id",
            "website",
            "established_year",
            "district",
            "address_en",
            "address_zh",
            "is_star_listed",
            "stock_code",
            "created_at",
            "updated_at",
            "url",
            "api_url",
        ]
        extra_kwargs = {
            "name_en": {"help_text": NAME_EN_HELP},
            "name_zh": {"help_text": NAME_ZH_HELP},
            "kind": {"help_text": "What sort of organization it is."},
            "status": {"help_text": "Whether it is active, inactive or withdrawn."},
            "ownership": {
                "help_text": "Domestic, foreign-invested or joint venture; empty "
                "when no source states it."
            },
            "investor_country": {
                "help_text": "ISO 3166 code of a foreign investor's home country."
            },
            "uscc": {"help_text": "Unified Social Credit Code (18 characters)."},
            "ror_id": {"help_text": "Research Organization Registry id, as a URL."},
            "wikidata_id": {"help_text": "Wikidata item id, such as Q1115363."},
            "website": {"help_text": "The organization's website."},
            "established_year": {"help_text": "The year it was established."},
            "district": {"help_text": "The Shanghai district it is in."},
            "address_en": {"help_text": "Address in English."},
            "address_zh": {"help_text": "Address in Chinese."},
            "is_star_listed": {"help_text": "Listed on Shanghai's STAR Market."},
            "stock_code": {"help_text": "Its STAR Market stock code."},
            "created_at": {"help_text": "When the record was created."},
            "updated_at": {"help_text": UPDATED_HELP},
        }


class SectorSerializer(serializers.ModelSerializer):
    id = slug_id()
    url = PageURLField()
    api_url = api_url("sector")

    class Meta:
        model = Sector
        fields = ["id", "name_en", "name_zh", "url", "api_url"]
        extra_kwargs = RefSerializer.Meta.extra_kwargs


class ProgramSerializer(serializers.ModelSerializer):
    id = slug_id()
    url = PageURLField()
    api_url = api_url("program")

    class Meta:
        model = Program
        fields = [
            "id",
            "code",
            "name_en",
            "name_zh",
            "description_en",
            "description_zh",
            "launch_year",
            "launch_month",
            "administering_body_en",
            "administering_body_zh",
            "website",
            "accepts_applications",
            "applications_open_from",
            "applications_open_until",
            "created_at",
            "updated_at",
            "url",
            "api_url",
        ]
        extra_kwargs = {
            **RefSerializer.Meta.extra_kwargs,
            "code": {"help_text": "Short code, such as GOI."},
            "description_en": {"help_text": "Description in English."},
            "description_zh": {"help_text": "Description in Chinese."},
            "launch_year": {"help_text": "The year the program was launched."},
            "launch_month": {"help_text": "The month it was launched, if known."},
            "administering_body_en": {"help_text": "Who runs it, in English."},
            "administering_body_zh": {"help_text": "Who runs it, in Chinese."},
            "website": {"help_text": "The program's website."},
            "accepts_applications": {
                "help_text": "Whether firms may register interest now."
            },
            "applications_open_from": {"help_text": "First day of the window."},
            "applications_open_until": {"help_text": "Last day of the window."},
            "created_at": {"help_text": "When the record was created."},
            "updated_at": {"help_text": UPDATED_HELP},
        }


class MembershipSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(
        source="pk", read_only=True, help_text="The membership's stable number."
    )
    organization = OrganizationRefSerializer(read_only=True, help_text="The member.")
    program = ProgramRefSerializer(read_only=True, help_text="The program joined.")
    url = PageURLField(help_text="The member's public page in English.")
    api_url = api_url("membership", lookup="pk")

    class Meta:
        model = Membership
        fields = [
            "id",
            "organization",
            "program",
            "status",
            "joined_on",
            "left_on",
            "created_at",
            "updated_at",
            "url",
            "api_url",
        ]
        extra_kwargs = {
            "status": {"help_text": "Active, suspended or ended."},
            "joined_on": {"help_text": "When it began, if a source gives the date."},
            "left_on": {"help_text": "When it ended."},
            "created_at": {"help_text": "When the record was created."},
            "updated_at": {"help_text": UPDATED_HELP},
        }

    @staticmethod
    def page_of(membership):
        return membership.organization


class AwardSerializer(serializers.ModelSerializer):
    id = slug_id()
    program = ProgramRefSerializer(
        read_only=True, allow_null=True, help_text="The program it belongs to."
    )
    url = PageURLField()
    api_url = api_url("award")

    class Meta:
        model = Award
        fields = [
            "id",
            "name_en",
            "name_zh",
            "description_en",
            "description_zh",
            "awarding_body_en",
            "awarding_body_zh",
            "program",
            "created_at",
            "updated_at",
            "url",
            "api_url",
        ]
        extra_kwargs = {
            **RefSerializer.Meta.extra_kwargs,
            "description_en": {"help_text": "Description in English."},
            "description_zh": {"help_text": "Description in Chinese."},
            "awarding_body_en": {"help_text": "Who gives it, in English."},
            "awarding_body_zh": {"help_text": "Who gives it, in Chinese."},
            "created_at": {"help_text": "When the record was created."},
            "updated_at": {"help_text": UPDATED_HELP},
        }


class EventSerializer(serializers.ModelSerializer):
    id = slug_id()
    program = ProgramRefSerializer(
        read_only=True, allow_null=True, help_text="The program that held it."
    )
    url = PageURLField()
    api_url = api_url("event")

    class Meta:
        model = Event
        fields = [
            "id",
            "name_en",
            "name_zh",
            "program",
            "date",
            "year",
            "place_en",
            "place_zh",
            "created_at",
            "updated_at",
            "url",
            "api_url",
        ]
        extra_kwargs = {
            **RefSerializer.Meta.extra_kwargs,
            "date": {"help_text": "The day it took place, if known."},
            "year": {"help_text": "The year it took place."},
            "place_en": {"help_text": "Where, in English."},
            "place_zh": {"help_text": "Where, in Chinese."},
            "created_at": {"help_text": "When the record was created."},
            "updated_at": {"help_text": UPDATED_HELP},
        }


class RecognitionSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(
        source="pk", read_only=True, help_text="The recognition's stable number."
    )
    award = AwardRefSerializer(read_only=True, help_text="The award given.")
    organization = OrganizationRefSerializer(
        read_only=True, help_text="Who received it."
    )
    event = EventRefSerializer(
        read_only=True, allow_null=True, help_text="Where it was given, if known."
    )
    url = PageURLField(help_text="The award's public page in English.")
    api_url = api_url("recognition", lookup="pk")

    class Meta:
        model = Recognition
        fields = [
            "id",
            "award",
            "organization",
            "year",
            "event",
            "citation_en",
            "citation_zh",
            "source",
            "created_at",
            "updated_at",
            "url",
            "api_url",
        ]
        extra_kwargs = {
            "year": {"help_text": "The year of the recognition."},
            "citation_en": {"help_text": "The citation in English."},
            "citation_zh": {"help_text": "The citation in Chinese."},
            "source": {"help_text": "A link or the number of the notice."},
            "created_at": {"help_text": "When the record was created."},
            "updated_at": {"help_text": UPDATED_HELP},
        }


class ReportedFigureSerializer(serializers.ModelSerializer):
    id = slug_id()
    program = ProgramRefSerializer(
        read_only=True,
        allow_null=True,
        help_text="The program it is about; null for Pudong as a whole.",
    )
    url = PageURLField(help_text="The program's public page, if the figure has one.")
    api_url = api_url("reported-figure")

    class Meta:
        model = ReportedFigure
        fields = [
            "id",
            "label_en",
            "label_zh",
            "value",
            "as_of",
            "source_title",
            "source_url",
            "program",
            "position",
            "created_at",
            "updated_at",
            "url",
            "api_url",
        ]
        extra_kwargs = {
            "label_en": {"help_text": "What is counted, in English."},
            "label_zh": {"help_text": "What is counted, in Chinese."},
            "value": {"help_text": "The figure the source reports."},
            "as_of": {"help_text": "The date the figure describes."},
            "source_title": {"help_text": "Where the figure was published."},
            "source_url": {"help_text": "A link to the source."},
            "position": {"help_text": "Display order."},
            "created_at": {"help_text": "When the record was created."},
            "updated_at": {"help_text": UPDATED_HELP},
        }

    @staticmethod
    def page_of(figure):
        return figure.program


# Writes, for officers with the model permission.


class BySlug(serializers.SlugRelatedField):
    """A related record named by its slug."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "slug")
        super().__init__(**kwargs)


class InputSerializer(serializers.ModelSerializer):
    """Validated by the model itself; the slug is set once, on creation."""

    serializer_related_field = BySlug

    def build_field(self, field_name, info, model_class, nested_depth):
        field_class, kwargs = super().build_field(
            field_name, info, model_class, nested_depth
        )
        if not kwargs.get("help_text"):
            field = model_class._meta.get_field(field_name)
            kwargs["help_text"] = capfirst(field.verbose_name)
        return field_class, kwargs

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and "slug" in fields:
            fields["slug"].read_only = True
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        many = {field.name for field in model._meta.many_to_many}
        candidate = model(
            **{
                field.attname: getattr(self.instance, field.attname)
                for field in model._meta.concrete_fields
            }
            if self.instance is not None
            else {}
        )
        candidate._state.adding = self.instance is None
        for name, value in attrs.items():
            if name not in many:
                setattr(candidate, name, value)
        try:
            candidate.full_clean(exclude=many)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                serializers.as_serializer_error(exc)
            ) from None
        return attrs


def input_serializer(model_, fields_: list[str]) -> type[InputSerializer]:
    """An input serializer for `model_` that accepts `fields_`."""

    class Meta:
        model = model_
        fields = fields_

    name = f"{model_.__name__}Input"
    return type(name, (InputSerializer,), {"Meta": Meta, "__module__": __name__})


OrganizationInputSerializer = input_serializer(
    Organization,
    [
        "slug",
        "name_en",
        "name_zh",
        "aliases",
        "kind",
        "status",
        "parent",
        "sectors",
        "ownership",
        "investor_country",
        "uscc",
        "ror_id",
        "wikidata_id",
        "website",
        "established_year",
        "district",
        "address_en",
        "address_zh",
        "is_star_listed",
        "stock_code",
        "is_published",
    ],
)
SectorInputSerializer = input_serializer(Sector, ["slug", "name_en", "name_zh"])
ProgramInputSerializer = input_serializer(
    Program,
    [
        "slug",
        "code",
        "name_en",
        "name_zh",
        "description_en",
        "description_zh",
        "launch_year",
        "launch_month",
        "administering_body_en",
        "administering_body_zh",
        "website",
        "accepts_applications",
        "applications_open_from",
        "applications_open_until",
    ],
)
MembershipInputSerializer = input_serializer(
    Membership, ["organization", "program", "status", "joined_on", "left_on"]
)
AwardInputSerializer = input_serializer(
    Award,
    [
        "slug",
        "name_en",
        "name_zh",
        "description_en",
        "description_zh",
        "awarding_body_en",
        "awarding_body_zh",
        "program",
    ],
)
EventInputSerializer = input_serializer(
    Event,
    ["slug", "name_en", "name_zh", "program", "date", "year", "place_en", "place_zh"],
)
RecognitionInputSerializer = input_serializer(
    Recognition,
    [
        "award",
        "organization",
        "year",
        "event",
        "citation_en",
        "citation_zh",
        "source",
        "publish_at",
    ],
)
ReportedFigureInputSerializer = input_serializer(
    ReportedFigure,
    [
        "slug",
        "label_en",
        "label_zh",
        "value",
        "as_of",
        "source_title",
        "source_url",
        "program",
        "position",
    ],
)
