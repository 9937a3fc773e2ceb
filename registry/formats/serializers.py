"""What the API shows of each record.

Each resource has one list of the fields it shares between reading and writing
(inputs.py); the output serializer adds its identifiers and links. Nothing
personal is among them.
"""

from django.utils.text import capfirst
from rest_framework import serializers

from registry.formats.fields import (
    DeprecatedPageURLField,
    PageURLField,
    api_url,
    number_id,
    slug_id,
)
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


def bilingual(name: str, text: str) -> dict[str, str]:
    """One description for a field's English and Chinese columns."""
    return {f"{name}_en": text.format("English"), f"{name}_zh": text.format("Chinese")}


def meta(model, fields: list[str], **help_texts: str) -> type:
    """A serializer's Meta: its model, its fields and what the API says of them
    (a field not named takes its model field's help text or name)."""

    class Meta:
        pass

    Meta.model, Meta.fields, Meta.help_texts = model, fields, help_texts
    return Meta


# What a field means in every resource that has it; a resource may say more.
COMMON_HELP = {
    "name_en": "The name in English (may be empty when only a Chinese name is known).",
    "name_zh": "The name in Simplified Chinese (may be empty).",
    **bilingual("description", "Description in {}."),
    "created_at": "When the record was created.",
    "updated_at": "When the record last changed (ISO 8601); see `updated_since`.",
}
LINKS = ["created_at", "updated_at", "url", "html_url", "api_url"]


# Each field is described once: `Meta.help_texts`, else the model field's own
# help text or name. Output serializers add `COMMON_HELP`; input serializers
# read the model. (A comment: a docstring would describe every API component.)
class RecordSerializer(serializers.ModelSerializer):
    common_help = COMMON_HELP

    def build_field(self, field_name, info, model_class, nested_depth):
        field_class, kwargs = super().build_field(
            field_name, info, model_class, nested_depth
        )
        help_texts = {**self.common_help, **getattr(self.Meta, "help_texts", {})}
        if field_name in help_texts:
            kwargs["help_text"] = help_texts[field_name]
        elif not kwargs.get("help_text"):
            field = model_class._meta.get_field(field_name)
            kwargs["help_text"] = capfirst(field.verbose_name)
        return field_class, kwargs


# References: how one record names another inside a response.


class RefSerializer(RecordSerializer):
    id = slug_id()

    class Meta:
        fields = ["id", "name_en", "name_zh", "api_url"]

    def to_representation(self, instance):
        # A sector or parent that many rows of one answer name is written once.
        written = self.context.setdefault("written_refs", {})
        key = (type(self), instance.pk)
        if key not in written:
            written[key] = super().to_representation(instance)
        return dict(written[key])


class OrganizationRefSerializer(RefSerializer):
    api_url = api_url("organization")

    class Meta(RefSerializer.Meta):
        model = Organization


class SectorList(serializers.ListSerializer):
    """An organization's sectors: the list its queryset fetched (`sector_list`,
    from `for_listing()` and the API's queryset, which saves building a manager
    per row), else the relation itself."""

    def get_attribute(self, instance):
        fetched = getattr(instance, "sector_list", None)
        if fetched is not None:
            return fetched
        return super().get_attribute(instance)


class SectorRefSerializer(RefSerializer):
    api_url = api_url("sector")

    class Meta(RefSerializer.Meta):
        model = Sector
        list_serializer_class = SectorList


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


# The fields each resource shares between reading and writing, in order.

ORGANIZATION = (
    "name_en name_zh aliases kind status parent sectors ownership "
    "investor_country uscc ror_id wikidata_id website established_year "
    "district address_en address_zh is_star_listed stock_code"
).split()
SECTOR = "name_en name_zh".split()
PROGRAM = (
    "code name_en name_zh description_en description_zh launch_year "
    "launch_month administering_body_en administering_body_zh website "
    "accepts_applications applications_open_from "
    "applications_open_until"
).split()
MEMBERSHIP = "organization program status joined_on left_on".split()
AWARD = (
    "name_en name_zh description_en description_zh awarding_body_en "
    "awarding_body_zh program"
).split()
EVENT = "name_en name_zh program date year place_en place_zh".split()
RECOGNITION = "award organization year event citation_en citation_zh source".split()
REPORTED_FIGURE = (
    "label_en label_zh value as_of source_title source_url program position"
).split()


# The records.


class OutputSerializer(RecordSerializer):
    url = DeprecatedPageURLField()
    html_url = PageURLField()


class OrganizationSerializer(OutputSerializer):
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
        source="sector_list",
        read_only=True,
        many=True,
        help_text="The sectors it works in.",
    )
    api_url = api_url("organization")

    Meta = meta(
        Organization,
        ["id", *ORGANIZATION, *LINKS],
        kind="What sort of organization it is.",
        status="Whether it is active, inactive or withdrawn.",
        ownership="Domestic, foreign-invested or joint venture; empty when "
        "no source states it.",
        investor_country="ISO 3166 code of a foreign investor's home country.",
        uscc="Unified Social Credit Code (18 characters).",
        ror_id="Research Organization Registry id, as a URL.",
        wikidata_id="Wikidata item id, such as Q1115363.",
        website="The organization's website.",
        established_year="The year it was established.",
        district="The Shanghai district it is in.",
        **bilingual("address", "Address in {}."),
        is_star_listed="Listed on Shanghai's STAR Market.",
        stock_code="Its STAR Market stock code.",
    )


class SectorSerializer(OutputSerializer):
    id = slug_id()
    api_url = api_url("sector")

    Meta = meta(Sector, ["id", *SECTOR, *LINKS[2:]])


class ProgramSerializer(OutputSerializer):
    id = slug_id()
    api_url = api_url("program")

    Meta = meta(
        Program,
        ["id", *PROGRAM, *LINKS],
        launch_year="The year the program was launched.",
        launch_month="The month it was launched, if known.",
        **bilingual("administering_body", "Who runs it, in {}."),
        website="The program's website.",
        accepts_applications="Whether firms may register interest now.",
        applications_open_from="First day of the window.",
        applications_open_until="Last day of the window.",
    )


class MembershipSerializer(OutputSerializer):
    id = number_id("membership")
    organization = OrganizationRefSerializer(read_only=True, help_text="The member.")
    program = ProgramRefSerializer(read_only=True, help_text="The program joined.")
    html_url = PageURLField(help_text="The member's public page in English.")
    api_url = api_url("membership", lookup="pk")

    Meta = meta(
        Membership,
        ["id", *MEMBERSHIP, *LINKS],
        status="Active, suspended or ended.",
        joined_on="When it began, if a source gives the date.",
        left_on="When it ended.",
    )

    @staticmethod
    def page_of(membership):
        return membership.organization


class AwardSerializer(OutputSerializer):
    id = slug_id()
    program = ProgramRefSerializer(
        read_only=True, allow_null=True, help_text="The program it belongs to."
    )
    api_url = api_url("award")

    Meta = meta(
        Award,
        ["id", *AWARD, *LINKS],
        **bilingual("awarding_body", "Who gives it, in {}."),
    )


class EventSerializer(OutputSerializer):
    id = slug_id()
    program = ProgramRefSerializer(
        read_only=True, allow_null=True, help_text="The program that held it."
    )
    api_url = api_url("event")

    Meta = meta(
        Event,
        ["id", *EVENT, *LINKS],
        date="The day it took place, if known.",
        year="The year it took place.",
        **bilingual("place", "Where, in {}."),
    )


class RecognitionSerializer(OutputSerializer):
    id = number_id("recognition")
    award = AwardRefSerializer(read_only=True, help_text="The award given.")
    organization = OrganizationRefSerializer(
        read_only=True, help_text="Who received it."
    )
    event = EventRefSerializer(
        read_only=True, allow_null=True, help_text="Where it was given, if known."
    )
    html_url = PageURLField(help_text="The award's public page in English.")
    api_url = api_url("recognition", lookup="pk")

    Meta = meta(
        Recognition,
        ["id", *RECOGNITION, *LINKS],
        year="The year of the recognition.",
        **bilingual("citation", "The citation in {}."),
        source="A link or the number of the notice.",
    )


class ReportedFigureSerializer(OutputSerializer):
    id = slug_id()
    program = ProgramRefSerializer(
        read_only=True,
        allow_null=True,
        help_text="The program it is about; null for Pudong as a whole.",
    )
    html_url = PageURLField(
        help_text="The program's public page, if the figure has one."
    )
    api_url = api_url("reported-figure")

    Meta = meta(
        ReportedFigure,
        ["id", *REPORTED_FIGURE, *LINKS],
        **bilingual("label", "What is counted, in {}."),
        value="The figure the source reports.",
        as_of="The date the figure describes.",
        source_title="Where the figure was published.",
        source_url="A link to the source.",
        position="Display order.",
    )

    @staticmethod
    def page_of(figure):
        return figure.program
