"""One credit-code rule (GB 32100-2015) for organizations and applications."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from stdnum.cn import uscc

from registry.validators import validate_uscc
from tests.factories import ApplicationFactory, OrganizationFactory, ProgramFactory
from tests.sources import USCC_CODES

pytestmark = pytest.mark.django_db


def with_check_character(body: str) -> str:
    return body + uscc.calc_check_digit(body)


# Registration authorities and categories may be letters: N2 is a farmers'
# cooperative registered by the agriculture authority, Y1 "other".
LETTER_LED = [
    with_check_character("N2310115MA1K3AB1C"),
    with_check_character("Y1310115MA1K3AB1D"),
]


@pytest.mark.parametrize("code", USCC_CODES + LETTER_LED)
def test_both_models_accept_every_real_code(code):
    program = ProgramFactory()
    organization = OrganizationFactory(uscc=code)
    organization.full_clean()
    application = ApplicationFactory(program=program, uscc=code)
    application.full_clean()

    assert organization.uscc == application.uscc == code


@pytest.mark.parametrize("factory", [OrganizationFactory, ApplicationFactory])
def test_the_database_refuses_a_malformed_code_on_both_models(factory):
    ProgramFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(uscc="9131000055879298I")  # I is no code character.


def test_the_validator_names_what_is_wrong():
    code = USCC_CODES[0]
    wrong_check = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(ValidationError) as error:
        validate_uscc(wrong_check)
    assert error.value.code == "uscc_checksum"
    with pytest.raises(ValidationError) as error:
        validate_uscc("ZZ" + code[2:])
    assert error.value.code == "uscc_format"
