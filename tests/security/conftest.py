"""Fixtures of the security tests: a program open to applications, a form."""

import uuid

import pytest

from ..factories import ProgramFactory, SectorFactory, valid_uscc


@pytest.fixture
def program(db):
    return ProgramFactory(accepts_applications=True)


@pytest.fixture
def sector(db):
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
