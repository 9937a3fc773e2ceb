"""Builders for tests: sensible defaults, override only what a test is about."""

import factory
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from registry.models import (
    Application,
    Award,
    Event,
    Membership,
    Organization,
    Program,
    Recognition,
    ReportedFigure,
    Sector,
)


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"sector-{n}")
    name_en = factory.Sequence(lambda n: f"Sector {n}")
    name_zh = factory.Sequence(lambda n: f"行业{n}")


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ("code",)

    code = "GOI"
    slug = "goi"
    name_en = "Group Open Innovation"
    launch_year = 2021
    launch_month = 7
    accepts_applications = True


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    kind = Organization.Kind.ENTERPRISE
    name_en = factory.Sequence(lambda n: f"Example Firm {n}")
    name_zh = ""

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    program = factory.SubFactory(ProgramFactory)
    status = Membership.Status.ACTIVE


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    name_en = factory.Sequence(lambda n: f"Innovation Conference {n}")
    year = 2024


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    name_en = factory.Sequence(lambda n: f"Award {n}")


class RecognitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recognition

    award = factory.SubFactory(AwardFactory)
    organization = factory.SubFactory(OrganizationFactory)
    year = 2024


class ReportedFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportedFigure

    slug = factory.Sequence(lambda n: f"figure-{n}")
    label_en = factory.Sequence(lambda n: f"Figure {n}")
    value = 103
    as_of = "2024-12-01"
    source_title = "News report, 2024-12-01"


def member(**kwargs) -> Organization:
    """An organization with a current membership of GOI."""
    organization = OrganizationFactory(**kwargs)
    MembershipFactory(organization=organization)
    return organization


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")


def valid_uscc(n: int) -> str:
    """A made-up code with a correct GB 32100 check character (test data only)."""
    from stdnum.cn import uscc

    body = f"91310115{n:09d}"
    return body + uscc.calc_check_digit(body)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    program = factory.SubFactory(ProgramFactory)
    reference = factory.Sequence(lambda n: f"GOI-2026-{n + 900000:06d}")
    name_en = factory.Sequence(lambda n: f"Example Applicant {n}")
    name_zh = factory.Sequence(lambda n: f"示例申请企业{n}")
    uscc = factory.Sequence(lambda n: valid_uscc(500000 + n))
    ownership = Organization.Ownership.DOMESTIC
    district = "pudong"
    address = "Example Road 1"
    contact_name = "Example Contact"
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.com")
    contact_phone = "13812345678"
    interest = "Partners for pilot projects."
    consent_version = "2026-11"
    consented_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)


def demo_organizations(n: int, *, seed: int | None = None) -> None:
    """`n` more synthetic organizations, as `generate_demo_data` makes them."""
    seeded = ["--seed", str(seed)] if seed is not None else []
    call_command(
        "generate_demo_data",
        "--organizations",
        str(n),
        "--allow-production",
        *seeded,
        verbosity=0,
    )
