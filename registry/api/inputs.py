"""What officers with the model permission may write through the API.

Each input serializer accepts its resource's shared field list (serializers.py)
and its write-only fields, and is validated like the admin's forms: the model's
full_clean, with its field validators and database constraints.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
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

from .fields import BySlug
from .serializers import (
    AWARD,
    EVENT,
    MEMBERSHIP,
    ORGANIZATION,
    PROGRAM,
    RECOGNITION,
    REPORTED_FIGURE,
    SECTOR,
    RecordSerializer,
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
    class Meta:
        model = Organization
        fields = ["slug", *ORGANIZATION, "is_published"]


class SectorInputSerializer(InputSerializer):
    class Meta:
        model = Sector
        fields = ["slug", *SECTOR]


class ProgramInputSerializer(InputSerializer):
    class Meta:
        model = Program
        fields = ["slug", *PROGRAM]


class MembershipInputSerializer(InputSerializer):
    class Meta:
        model = Membership
        fields = MEMBERSHIP


class AwardInputSerializer(InputSerializer):
    class Meta:
        model = Award
        fields = ["slug", *AWARD]


class EventInputSerializer(InputSerializer):
    class Meta:
        model = Event
        fields = ["slug", *EVENT]


class RecognitionInputSerializer(InputSerializer):
    class Meta:
        model = Recognition
        fields = [*RECOGNITION, "publish_at"]


class ReportedFigureInputSerializer(InputSerializer):
    class Meta:
        model = ReportedFigure
        fields = ["slug", *REPORTED_FIGURE]
