"""The data model: every constraint holds in validation and in the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import override

from registry.models import Membership, Organization, Recognition
from registry.search.names import build_search_key
from registry.validators import validate_ror_id, validate_uscc
from tests.factories import (
    AwardFactory,
    MembershipFactory,
    OrganizationFactory,
    ProgramFactory,
    RecognitionFactory,
    member,
)
from tests.sources import ROR_IDS, USCC_CODES

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

pytestmark = pytest.mark.django_db


def assert_integrity_error(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def with_other_check_character(code: str) -> str:
    other = next(c for c in USCC_ALPHABET if c != code[-1])
    return code[:-1] + other


# Credit codes -----------------------------------------------------------------


def test_the_shared_data_holds_39_real_credit_codes():
    assert len(USCC_CODES) == 39


@pytest.mark.parametrize("code", USCC_CODES)
def test_every_real_credit_code_is_accepted(code):
    validate_uscc(code)


@pytest.mark.parametrize("code", USCC_CODES)
def test_a_real_credit_code_with_its_check_character_altered_is_refused(code):
    with pytest.raises(ValidationError) as error:
        validate_uscc(with_other_check_character(code))
    assert error.value.code == "uscc_checksum"


def test_credit_code_is_stored_upper_case_without_spaces():
    organization = OrganizationFactory(uscc="9131 0000 7944 6796 3l")
    organization.refresh_from_db()
    assert organization.uscc == "91310000794467963L"


def test_a_malformed_credit_code_fails_full_clean():
    organization = OrganizationFactory.build(uscc="91310000794467963X")
    with pytest.raises(ValidationError) as error:
        organization.full_clean()
    assert "uscc" in error.value.message_dict


def test_the_database_refuses_a_malformed_credit_code():
    organization = OrganizationFactory()
    assert_integrity_error(
        lambda: Organization.objects.filter(pk=organization.pk).update(
            uscc="NOT-A-CODE"
        )
    )


def test_two_organizations_cannot_share_a_credit_code():
    OrganizationFactory(uscc=USCC_CODES[0])
    duplicate = OrganizationFactory.build(uscc=USCC_CODES[0])
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "An organization with this credit code exists." in str(error.value)
    assert_integrity_error(lambda: OrganizationFactory(uscc=USCC_CODES[0]))


def test_many_organizations_may_have_no_credit_code():
    OrganizationFactory(uscc="")
    OrganizationFactory(uscc="")
    assert Organization.objects.filter(uscc="").count() == 2


# ROR ids ------------------------------------------------------------------------


@pytest.mark.parametrize("ror_id", ROR_IDS)
def test_every_real_ror_id_is_accepted(ror_id):
    validate_ror_id(ror_id)


def test_a_ror_id_with_a_wrong_checksum_is_refused():
    with pytest.raises(ValidationError):
        validate_ror_id("https://ror.org/05gxmms52")


def test_a_bare_ror_id_is_stored_as_its_url():
    organization = OrganizationFactory(ror_id="05GXMMS51")
    organization.refresh_from_db()
    assert organization.ror_id == "https://ror.org/05gxmms51"


def test_the_database_refuses_a_malformed_ror_id():
    organization = OrganizationFactory()
    assert_integrity_error(
        lambda: Organization.objects.filter(pk=organization.pk).update(
            ror_id="https://example.org/x"
        )
    )


def test_two_organizations_cannot_share_a_ror_id():
    OrganizationFactory(ror_id="https://ror.org/05gxmms51")
    duplicate = OrganizationFactory.build(ror_id="https://ror.org/05gxmms51")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "An organization with this ROR id exists." in str(error.value)
    assert_integrity_error(lambda: OrganizationFactory(ror_id="05gxmms51"))


# Other organization rules ---------------------------------------------------------


def test_an_organization_needs_a_name_in_some_language():
    nameless = OrganizationFactory.build(name_en="", name_zh="")
    with pytest.raises(ValidationError):
        nameless.full_clean()
    assert_integrity_error(lambda: OrganizationFactory(name_en="", name_zh=""))


def test_only_a_star_listed_firm_has_a_stock_code():
    unlisted = OrganizationFactory.build(stock_code="688131", is_star_listed=False)
    with pytest.raises(ValidationError):
        unlisted.full_clean()
    assert_integrity_error(
        lambda: OrganizationFactory(stock_code="688131", is_star_listed=False)
    )
    OrganizationFactory(stock_code="688131", is_star_listed=True).full_clean()


def test_only_foreign_capital_has_an_investor_country():
    domestic = OrganizationFactory.build(
        ownership=Organization.Ownership.DOMESTIC, investor_country="US"
    )
    with pytest.raises(ValidationError):
        domestic.full_clean()
    assert_integrity_error(
        lambda: OrganizationFactory(
            ownership=Organization.Ownership.DOMESTIC, investor_country="US"
        )
    )


def test_year_established_is_plausible():
    with pytest.raises(ValidationError):
        OrganizationFactory.build(established_year=1200).full_clean()
    assert_integrity_error(lambda: OrganizationFactory(established_year=3000))


def test_an_organization_cannot_be_its_own_parent():
    organization = OrganizationFactory()
    assert_integrity_error(
        lambda: Organization.objects.filter(pk=organization.pk).update(
            parent=organization
        )
    )


def test_slugs_are_unique_and_do_not_change_on_rename():
    first = OrganizationFactory(name_en="Example Lab")
    second = OrganizationFactory(name_en="Example Lab")
    assert (first.slug, second.slug) == ("example-lab", "example-lab-2")
    first.name_en = "Renamed Example Lab"
    first.save()
    first.refresh_from_db()
    assert first.slug == "example-lab"
    assert_integrity_error(lambda: OrganizationFactory(slug="example-lab"))


def test_a_chinese_only_name_gets_a_pinyin_slug():
    assert (
        OrganizationFactory(name_en="", name_zh="中科创星").slug
        == "zhong-ke-chuang-xing"
    )


def test_name_shows_in_the_reader_language_and_falls_back():
    both = OrganizationFactory.build(name_en="CAS Star Shanghai", name_zh="中科创星")
    english_only = OrganizationFactory.build(name_en="XNode", name_zh="")
    with override("zh-hans"):
        assert (str(both), str(english_only)) == ("中科创星", "XNode")
    with override("en"):
        assert str(both) == "CAS Star Shanghai"


# Search key -------------------------------------------------------------------------


def test_search_key_holds_pinyin_and_initials_of_a_chinese_name():
    organization = OrganizationFactory(name_en="CAS Star Shanghai", name_zh="中科创星")
    key = organization.search_key.split("\n")
    assert {"cas star shanghai", "中科创星", "zhongkechuangxing", "zkcx"} <= set(key)


def test_search_key_folds_traditional_characters_and_case():
    organization = OrganizationFactory(name_en="XNode", aliases="張江創新中心")
    assert "张江创新中心" in organization.search_key
    assert "xnode" in organization.search_key
    assert "zhangjiangchuangxinzhongxin" in organization.search_key


def test_search_key_follows_a_rename():
    organization = OrganizationFactory(name_en="Old Name")
    organization.name_en = "New Name"
    organization.save(update_fields=["name_en"])
    organization.refresh_from_db()
    assert organization.search_key == build_search_key("New Name", "")


# Memberships ------------------------------------------------------------------------


def test_at_most_one_open_membership_per_program():
    membership = MembershipFactory()
    second = Membership(
        organization=membership.organization, program=membership.program
    )
    with pytest.raises(ValidationError):
        second.full_clean()
    assert_integrity_error(
        lambda: MembershipFactory(
            organization=membership.organization, program=membership.program
        )
    )


def test_a_new_membership_may_follow_an_ended_one():
    ended = MembershipFactory(status=Membership.Status.ENDED, left_on="2023-01-01")
    again = MembershipFactory(organization=ended.organization, program=ended.program)
    assert again.organization.memberships.count() == 2


def test_a_membership_cannot_end_before_it_begins():
    backwards = MembershipFactory.build(
        organization=OrganizationFactory(),
        program=ProgramFactory(),
        status=Membership.Status.ENDED,
        joined_on="2024-01-01",
        left_on="2023-01-01",
    )
    with pytest.raises(ValidationError):
        backwards.full_clean()
    assert_integrity_error(backwards.save)


def test_only_an_ended_membership_has_a_leaving_date():
    assert_integrity_error(lambda: MembershipFactory(left_on="2024-01-01"))


def test_current_members_are_those_with_an_active_membership():
    current = member(name_en="Current Firm")
    MembershipFactory(status=Membership.Status.ENDED, left_on="2023-06-30")
    MembershipFactory(status=Membership.Status.SUSPENDED)
    OrganizationFactory(name_en="Never a member")
    assert list(Organization.objects.current_members()) == [current]


# Recognitions -----------------------------------------------------------------------


def test_one_recognition_per_award_organization_and_year():
    recognition = RecognitionFactory()
    again = Recognition(
        award=recognition.award, organization=recognition.organization, year=2024
    )
    with pytest.raises(ValidationError):
        again.full_clean()
    assert_integrity_error(
        lambda: RecognitionFactory(
            award=recognition.award, organization=recognition.organization
        )
    )
    RecognitionFactory(
        award=recognition.award, organization=recognition.organization, year=2025
    )


def test_recognition_year_is_plausible():
    assert_integrity_error(lambda: RecognitionFactory(year=1800))


def test_embargoed_recognitions_and_unpublished_organizations_are_not_public():
    award = AwardFactory()
    public = RecognitionFactory(award=award)
    RecognitionFactory(
        award=award, publish_at=timezone.now() + timezone.timedelta(days=1)
    )
    RecognitionFactory(
        award=award, organization=OrganizationFactory(is_published=False)
    )
    RecognitionFactory(
        award=award, publish_at=timezone.now() - timezone.timedelta(days=1)
    )
    assert public in Recognition.objects.published()
    assert Recognition.objects.published().count() == 2


def test_unpublished_organizations_are_not_published():
    shown = OrganizationFactory()
    OrganizationFactory(is_published=False)
    assert list(Organization.objects.published()) == [shown]


# Programs ---------------------------------------------------------------------------


def test_application_window_decides_whether_a_program_accepts_applications():
    from registry.models import Program

    open_now = ProgramFactory(code="GOI")
    ProgramFactory(
        code="OLD", slug="old", applications_open_until="2020-12-31", name_en="Old"
    )
    ProgramFactory(code="OFF", slug="off", accepts_applications=False, name_en="Off")
    assert list(Program.objects.accepting_applications()) == [open_now]


def test_application_window_cannot_close_before_it_opens():
    assert_integrity_error(
        lambda: ProgramFactory(
            applications_open_from="2025-01-01", applications_open_until="2024-01-01"
        )
    )


def test_a_launch_month_needs_a_valid_month():
    assert_integrity_error(lambda: ProgramFactory(launch_month=13))
