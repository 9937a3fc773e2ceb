"""The organization cards of the public lists, worked out once per page.

A list page shows 25 cards. What is the same on every card (the labels of
kinds and ownerships, the translated phrases, the formatted dates) is worked
out once for the page; each card is then a small dictionary the template only
prints. The rules stay where they live: names and their languages in
`templatetags.registry_site`, visibility in the queryset (`for_listing`),
URLs in the models (`get_absolute_url`).
"""

from django.utils.formats import date_format
from django.utils.translation import gettext

from registry.models import Organization
from registry.templatetags.registry_site import name_lang, other_name, other_name_lang

# The columns a card prints, besides what `for_listing()` adds (the joining
# date, sectors and public recognitions).
CARD_FIELDS = [
    "slug",
    "name_en",
    "name_zh",
    "kind",
    "ownership",
    "parent__slug",
    "parent__name_en",
    "parent__name_zh",
    "parent__is_published",
]


def choice_labels(model, name: str) -> dict:
    """What `get_<name>_display` shows for each value, in the reader's language."""
    return {
        value: str(label) for value, label in model._meta.get_field(name).flatchoices
    }


def organization_cards(organizations, *, show_joined: bool) -> list[dict]:
    """A card for each organization of the page, as `_organization_card.html`
    prints it. The organizations come from `for_listing()`."""
    kinds = choice_labels(Organization, "kind")
    ownerships = choice_labels(Organization, "ownership")
    member_since = gettext("Member since %(date)s")
    not_recorded = gettext("Date joined not recorded") if show_joined else ""
    other_lang = other_name_lang(None)
    dates: dict = {}
    cards = []
    for organization in organizations:
        joined = organization.first_joined_on
        if joined is not None:
            if joined not in dates:
                dates[joined] = member_since % {"date": date_format(joined)}
            joined = dates[joined]
        parent = organization.public_parent
        cards.append(
            {
                "url": organization.get_absolute_url(),
                "name": organization.name,
                "lang": name_lang(organization),
                "other_name": other_name(organization),
                "other_lang": other_lang,
                "kind": kinds.get(organization.kind, organization.kind),
                "ownership": ownerships.get(
                    organization.ownership, organization.ownership
                ),
                "sectors": [sector.name for sector in organization.sector_list],
                "parent": parent
                and {
                    "url": parent.get_absolute_url(),
                    "name": parent.name,
                    "lang": name_lang(parent),
                },
                "joined": joined or not_recorded,
                "awards": [
                    f"{recognition.award.name} {recognition.year}"
                    for recognition in organization.public_recognitions
                ],
            }
        )
    return cards
