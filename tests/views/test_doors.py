"""The site's doors: every public page links to applying, the open data, the
API, the feeds, the privacy notice, contact and the accessibility statement,
and shows the ICP filing number when it is set."""

import re

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import translation

from registry.models import Award, Event, Organization, Program

pytestmark = pytest.mark.django_db

LANGUAGES = ["", "/zh-hans"]


@pytest.fixture
def site(db, tmp_path, settings):
    settings.REGISTRY_OPEN_DATA_DIR = tmp_path / "opendata"
    call_command(
        "loaddata", django_settings.BASE_DIR / "fixtures" / "registry.json", verbosity=0
    )
    Program.objects.update(accepts_applications=True)


def page_types() -> dict[str, str]:
    """A path for every kind of public page, in English (whatever language an
    earlier request of the test run left active)."""
    with translation.override("en"):
        return _page_types()


def _page_types() -> dict[str, str]:
    return {
        "home": "/",
        "members": "/members/",
        "institutions": "/institutions/",
        "organization": Organization.objects.published().first().get_absolute_url(),
        "awards": "/awards/",
        "award": Award.objects.first().get_absolute_url(),
        "event": Event.objects.first().get_absolute_url(),
        "program": Program.objects.first().get_absolute_url(),
        "apply": "/apply/",
        "open-data": "/data/",
        "privacy": "/privacy/",
        "accessibility": "/accessibility/",
        "contact": "/contact/",
    }


def doors(prefix: str) -> list[str]:
    """The doors, as the pages of one language link to them: the API and its
    docs have one address for both languages."""
    return [
        f"{prefix}/apply/",
        f"{prefix}/data/",
        "/api/v1/",
        "/api/docs/",
        f"{prefix}/feeds/members/",
        f"{prefix}/feeds/recognitions/",
        f"{prefix}/privacy/",
        f"{prefix}/contact/",
        f"{prefix}/accessibility/",
    ]


def links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_every_page_type_links_to_every_door(client, site, prefix):
    missing = {}
    for name, path in page_types().items():
        response = client.get(prefix + path)
        assert response.status_code == 200, (name, response.status_code)
        absent = [
            door
            for door in doors(prefix)
            if door not in links(response.content.decode())
        ]
        if absent:
            missing[name] = absent
    assert missing == {}


@pytest.mark.parametrize(
    ("path", "english", "chinese"),
    [
        ("/privacy/", "Privacy notice", "隐私声明"),
        ("/accessibility/", "Accessibility statement", "无障碍声明"),
        ("/contact/", "Contact", "联系方式"),
    ],
)
def test_the_new_pages_answer_in_both_languages(client, site, path, english, chinese):
    response = client.get(path)
    assert response.status_code == 200
    assert re.search(f"<h1[^>]*>{english}</h1>", response.content.decode())
    response = client.get("/zh-hans" + path)
    assert response.status_code == 200
    assert re.search(f"<h1[^>]*>{chinese}</h1>", response.content.decode())


def test_privacy_page_shows_the_notice_the_form_shows(client, site, settings):
    settings.REGISTRY_PRIVACY_CONTACT = "privacy@registry.test"
    html = client.get("/privacy/").content.decode()
    assert "Personal Information Protection Law" in html
    assert 'href="mailto:privacy@registry.test"' in html
    assert settings.REGISTRY_PRIVACY_NOTICE_VERSION in html


def test_contact_and_accessibility_pages_give_the_contact_address(
    client, site, settings
):
    settings.REGISTRY_PRIVACY_CONTACT = "registry@registry.test"
    for prefix in LANGUAGES:
        for path in ("/contact/", "/accessibility/"):
            html = client.get(prefix + path).content.decode()
            assert 'href="mailto:registry@registry.test"' in html, prefix + path


def test_accessibility_statement_says_what_is_aimed_at_and_checked(client, site):
    html = client.get("/accessibility/").content.decode()
    assert "WCAG 2.1" in html and "AA" in html
    assert "axe" in html
    assert "Nu HTML Checker" in html
    html = client.get("/zh-hans/accessibility/").content.decode()
    assert "WCAG 2.1" in html and "AA" in html


def test_icp_number_shown_only_when_set(client, site, settings):
    settings.REGISTRY_ICP_NUMBER = ""
    for prefix in LANGUAGES:
        html = client.get(prefix + "/").content.decode()
        assert "beian.miit.gov.cn" not in html
        assert "ICP" not in html

    settings.REGISTRY_ICP_NUMBER = "沪ICP备12345678号-1"
    for prefix in LANGUAGES:
        for path in ("/", "/members/", "/privacy/"):
            html = client.get(prefix + path).content.decode()
            assert "沪ICP备12345678号-1" in html, prefix + path
            assert 'href="https://beian.miit.gov.cn/"' in html


def test_icp_number_is_read_from_the_environment():
    assert hasattr(django_settings, "REGISTRY_ICP_NUMBER")


@pytest.mark.parametrize("path", ["/programs/goi/", "/members/"])
def test_program_page_and_member_list_link_to_apply_in_their_content(
    client, site, path
):
    for prefix in LANGUAGES:
        html = client.get(prefix + path).content.decode()
        main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
        assert f'href="{prefix}/apply/"' in main, prefix + path
