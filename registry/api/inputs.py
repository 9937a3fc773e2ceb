"""What officers with the model permission may write through the API.

Each input serializer accepts its resource's shared field list (serializers.py)
and its write-only fields, and is validated like the admin's forms: the model's
full_clean, with its field validators and database constraints.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from registry.formats.fields import BySlug
from registry.formats.serializers import (
    AWARD,
    EVENT,
    MEMBERSHIP,
    ORGANIZATION,
    PROGRAM,
    RECOGNITION,
    REPORTED_FIGURE,
    SECTOR,
    RecordSerializer,
    meta,
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


class InputSerializer(RecordSerializer):
    """Validated by the model itself; the slug is set once, on creation."""

    common_help = {}
    serializer_related_field = BySlug

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


class OrganizationInputSerializer(InputSerializer):
    Meta = meta(Organization, ["slug", *ORGANIZATION, "is_published"])


class SectorInputSerializer(InputSerializer):
    Meta = meta(Sector, ["slug", *SECTOR])


class ProgramInputSerializer(InputSerializer):
    Meta = meta(Program, ["slug", *PROGRAM])


class MembershipInputSerializer(InputSerializer):
    Meta = meta(Membership, MEMBERSHIP)


class AwardInputSerializer(InputSerializer):
    Meta = meta(Award, ["slug", *AWARD])


class EventInputSerializer(InputSerializer):
    Meta = meta(Event, ["slug", *EVENT])


class RecognitionInputSerializer(InputSerializer):
    Meta = meta(Recognition, [*RECOGNITION, "publish_at"])


class ReportedFigureInputSerializer(InputSerializer):
    Meta = meta(ReportedFigure, ["slug", *REPORTED_FIGURE])
