"""Atom feeds of new members and of published recognitions, in both languages."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.models import Membership, Recognition

FEED_LENGTH = 50
# Atom's language tags for the site's languages.
HREFLANG = {"en": "en", "zh-hans": "zh-Hans"}


class _LinkLanguage:
    """Passes writes through to a feed's XML handler, tagging the entry's
    alternate link with the language it is in."""

    def __init__(self, handler, hreflang: str):
        self._handler, self._hreflang = handler, hreflang

    def addQuickElement(self, name, contents=None, attrs=None):  # noqa: N802
        if name == "link" and (attrs or {}).get("rel") == "alternate":
            attrs = {**attrs, "hreflang": self._hreflang}
        self._handler.addQuickElement(name, contents, attrs)

    def __getattr__(self, name):
        return getattr(self._handler, name)


class BilingualAtomFeed(Atom1Feed):
    """Atom whose entries link to their page in English and in Chinese."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(_LinkLanguage(handler, item["hreflang"]), item)
        for hreflang, href in item["translations"]:
            handler.addQuickElement(
                "link", "", {"rel": "alternate", "href": href, "hreflang": hreflang}
            )


class RegistryFeed(Feed):
    feed_type = BilingualAtomFeed

    def link(self):
        return reverse("registry:open_data")

    def author_name(self):
        return str(settings.REGISTRY_SITE_NAME)

    def author_link(self):
        return reverse("registry:home")

    item_author_name = author_name
    item_author_link = author_link

    def guid_path(self, item) -> str:
        raise NotImplementedError

    def item_guid(self, item):
        # The same entry has the same id in both languages' feeds.
        with translation.override("en"):
            return self.guid_path(item)

    item_guid_is_permalink = False

    def item_extra_kwargs(self, item):
        reader = translation.get_language()
        translations = []
        for language in HREFLANG:
            if language != reader:
                with translation.override(language):
                    translations.append((HREFLANG[language], self.item_link(item)))
        return {"hreflang": HREFLANG.get(reader, reader), "translations": translations}

    def get_feed(self, obj, request):
        """Links and ids are absolute: the feed's own URL, and one per entry."""
        feed = super().get_feed(obj, request)
        feed.feed["id"] = request.build_absolute_uri(self.feed_url())
        feed.feed["author_link"] = request.build_absolute_uri(feed.feed["author_link"])
        for item in feed.items:
            item["unique_id"] = request.build_absolute_uri(item["unique_id"])
            item["author_link"] = request.build_absolute_uri(item["author_link"])
            item["translations"] = [
                (hreflang, request.build_absolute_uri(href))
                for hreflang, href in item["translations"]
            ]
        return feed


class NewMembersFeed(RegistryFeed):
    """Organizations that became current members of a program, newest first."""

    title = gettext_lazy("New members – Pudong Innovation Registry")
    subtitle = gettext_lazy(
        "Organizations added to the registry as current members of a program."
    )

    def feed_url(self):
        return reverse("registry:feed_members")

    def items(self):
        return (
            Membership.objects.published()
            .current()
            .select_related("organization", "program")
            .order_by("-created_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return _("%(organization)s joined %(program)s") % {
            "organization": item.organization.name,
            "program": item.program.name,
        }

    def item_description(self, item):
        if item.joined_on:
            return _("Member of %(program)s since %(date)s.") % {
                "program": item.program.name,
                "date": date_format(item.joined_on),
            }
        return _("Member of %(program)s.") % {"program": item.program.name}

    def item_link(self, item):
        return item.organization.get_absolute_url()

    def guid_path(self, item):
        return f"{item.organization.get_absolute_url()}#membership-{item.pk}"

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at


class RecognitionsFeed(RegistryFeed):
    """Recognitions as they become public (after any embargo), newest first."""

    title = gettext_lazy("Recognitions – Pudong Innovation Registry")
    subtitle = gettext_lazy("Awards given to organizations in the registry.")

    def feed_url(self):
        return reverse("registry:feed_recognitions")

    def items(self):
        return (
            Recognition.objects.published()
            .select_related("award", "organization", "event")
            .annotate(public_since=Coalesce("publish_at", "created_at"))
            .order_by("-public_since", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return _("%(organization)s: %(award)s %(year)s") % {
            "organization": item.organization.name,
            "award": item.award.name,
            "year": item.year,
        }

    def item_description(self, item):
        parts = [
            item.citation
            or _("%(award)s, %(year)s.") % {"award": item.award.name, "year": item.year}
        ]
        if item.event_id:
            parts.append(_("Given at %(event)s.") % {"event": item.event.name})
        return " ".join(parts)

    def item_link(self, item):
        return item.organization.get_absolute_url()

    def guid_path(self, item):
        return f"{item.award.get_absolute_url()}#recognition-{item.pk}"

    def item_pubdate(self, item):
        return item.public_since

    def item_updateddate(self, item):
        return max(item.updated_at, item.public_since)
