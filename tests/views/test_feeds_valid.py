"""Feeds and sitemap as feed readers and search engines check them."""

import feedparser
import pytest
import xmlschema
from lxml import etree

from tests.paths import DATA

SCHEMAS = DATA / "sitemaps"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
FEEDS = ["/feeds/members/", "/feeds/recognitions/"]


def parsed(client, path: str):
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize("path", FEEDS)
@pytest.mark.parametrize("prefix", ["", "/zh-hans"])
def test_feeds_parse_cleanly_with_complete_entries(client, seed, path, prefix):
    feed = parsed(client, prefix + path)

    assert feed.version == "atom10"
    assert feed.entries
    for entry in feed.entries:
        assert entry.id.startswith("http://testserver/")
        assert entry.updated_parsed
        assert entry.author
        alternates = {
            link.hreflang: link.href for link in entry.links if link.rel == "alternate"
        }
        assert set(alternates) == {"en", "zh-Hans"}
        assert alternates["zh-Hans"] == alternates["en"].replace(
            "http://testserver/", "http://testserver/zh-hans/"
        )


@pytest.mark.parametrize("path", FEEDS)
def test_an_entry_keeps_its_id_in_both_languages(client, seed, path):
    english = [entry.id for entry in parsed(client, path).entries]
    chinese = [entry.id for entry in parsed(client, "/zh-hans" + path).entries]

    assert english == chinese
    assert len(set(english)) == len(english)
    assert not any("/zh-hans/" in entry_id for entry_id in english)


@pytest.fixture(scope="module")
def sitemap_schema():
    return xmlschema.XMLSchema(
        SCHEMAS / "sitemap.xsd",
        locations=[(XHTML_NS, str(SCHEMAS / "xhtml-link.xsd"))],
    )


def test_sitemap_is_valid_with_both_languages(client, seed, sitemap_schema):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    sitemap_schema.validate(response.content.decode())
    root = etree.fromstring(response.content)
    urls = root.findall(f"{{{SITEMAP_NS}}}url")
    locations = {url.findtext(f"{{{SITEMAP_NS}}}loc") for url in urls}
    assert "http://testserver/organizations/tsung-dao-lee-institute/" in locations
    assert "http://testserver/zh-hans/organizations/tsung-dao-lee-institute/" in (
        locations
    )
    for url in urls:
        languages = {
            link.get("hreflang") for link in url.findall(f"{{{XHTML_NS}}}link")
        }
        assert {"en", "zh-hans"} <= languages


def test_the_schema_rejects_a_broken_sitemap(sitemap_schema):
    broken = (
        f'<urlset xmlns="{SITEMAP_NS}"><url><loc>http://testserver/</loc>'
        "<priority>2</priority></url></urlset>"
    )

    assert not sitemap_schema.is_valid(broken)
