"""The filters' help under each list, in plain words, each true of its list;
the API keeps its own parameter descriptions."""

import re

import pytest
from django.utils import translation

from registry.lists.filters import OrganizationFilterSet
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

API_WORDS = ["slug", "a leading minus", "name or joined"]


def help_texts(html: str) -> list[str]:
    return re.findall(r'<small class="help" id="[^"]+">([^<]*)</small>', html)


@pytest.mark.parametrize("prefix", ["", "/zh-hans"])
@pytest.mark.parametrize("path", ["/members/", "/institutions/"])
def test_help_texts_are_plain_words(client, prefix, path):
    ProgramFactory()
    texts = help_texts(client.get(prefix + path).content.decode())
    assert texts
    for text in texts:
        for word in API_WORDS:
            assert word not in text.lower(), (path, text)


def test_institutions_help_does_not_mention_joining(client):
    texts = " ".join(help_texts(client.get("/institutions/").content.decode()))
    assert "joined" not in texts.lower()
    assert "join" not in texts.lower()
    texts = " ".join(help_texts(client.get("/zh-hans/institutions/").content.decode()))
    assert "加入" not in texts


def test_members_help_explains_the_sort_in_chinese(client):
    ProgramFactory()
    texts = help_texts(client.get("/zh-hans/members/").content.decode())
    assert all(re.search(r"[\u4e00-\u9fff]", text) for text in texts), texts


def test_the_api_keeps_its_parameter_descriptions():
    filters = OrganizationFilterSet.base_filters
    translation.activate("en")
    assert (
        filters["sector"].extra["help_text"] == "A sector's slug, such as healthcare."
    )
    assert filters["ordering"].extra["help_text"] == (
        "name or joined; a leading minus reverses the order."
    )
