"""Atom feeds of new members and of published recognitions, in both languages."""

from django.contrib.syndication.views import Feed
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Membership, Recognition

FEED_LENGTH = 50


class RegistryFeed(Feed):
    feed_type = Atom1Feed

    def link(self):
        return reverse("registry:open_data")

    def get_feed(self, obj, request):
        """Atom ids are absolute: the feed's own URL, and one per entry."""
        feed = super().get_feed(obj, request)
        feed.feed["id"] = request.build_absolute_uri(self.feed_url())
        for item in feed.items:
            item["unique_id"] = request.build_absolute_uri(item["unique_id"])
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

    def item_guid(self, item):
        return f"{item.organization.get_absolute_url()}#membership-{item.pk}"

    item_guid_is_permalink = False

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

    def item_guid(self, item):
        return f"{item.award.get_absolute_url()}#recognition-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.public_since

    def item_updateddate(self, item):
        return max(item.updated_at, item.public_since)
