"""Fixtures for the registration of interest: a program, a sector, a filled form."""

import re
import uuid

import pytest

from tests.factories import ProgramFactory, SectorFactory, valid_uscc
from tests.sources import USCC_CODES

REFERENCE = re.compile(r"^GOI-\d{4}-\d{6}$")


def real_uscc() -> str:
    """A real code from the public data set."""
    return USCC_CODES[0]


def apply(client, data, prefix=""):
    return client.post(f"{prefix}/apply/", data)


@pytest.fixture
def program():
    return ProgramFactory(accepts_applications=True)


@pytest.fixture
def sector():
    return SectorFactory(slug="healthcare", name_en="Healthcare", name_zh="医疗健康")


@pytest.fixture
def form_data(program, sector):
    """What an applicant types, as the browser sends it."""
    return {
        "name_zh": "示例创新企业",
        "name_en": "Example Firm 1",
        "uscc": valid_uscc(1),
        "sectors": [str(sector.pk)],
        "ownership": "domestic",
        "district": "pudong",
        "address": "Example Road 1, Pudong",
        "website": "https://example.com/",
        "contact_name": "Example Contact",
        "contact_email": "applicant@example.com",
        "contact_phone": "138 1234 5678",
        "interest": "We look for partners to pilot our sensors in hospitals.",
        "consent": "on",
        "homepage": "",
        "submission_id": str(uuid.uuid4()),
    }
