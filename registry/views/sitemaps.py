"""The sitemap: every public page, in English and in Chinese."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from registry.models import Award, Event, Organization, Program


class RegistrySitemap(Sitemap):
    i18n = True
    alternates = True


class PageSitemap(RegistrySitemap):
    def items(self):
        return ["home", "member_list", "institution_list", "award_list"]

    def location(self, item):
        return reverse(f"registry:{item}")


class OrganizationSitemap(RegistrySitemap):
    def items(self):
        return Organization.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class AwardSitemap(RegistrySitemap):
    def items(self):
        return Award.objects.order_by("pk")


class EventSitemap(RegistrySitemap):
    def items(self):
        return Event.objects.order_by("pk")


class ProgramSitemap(RegistrySitemap):
    def items(self):
        return Program.objects.order_by("pk")


sitemaps = {
    "pages": PageSitemap,
    "organizations": OrganizationSitemap,
    "awards": AwardSitemap,
    "events": EventSitemap,
    "programs": ProgramSitemap,
}
