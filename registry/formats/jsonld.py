"""schema.org descriptions (JSON-LD) of organization, award and event pages.

Search engines and linked-data tools read them to learn who a record is: its
names in both languages, its credit code, ROR and Wikidata ids, its parent
and units, the programs it belongs to and the awards it received. They are
built from the API's serializer output, so a page says exactly what the API
says, and nothing a template typed by hand.
"""

from django.urls import reverse
from django.utils import translation
from django.utils.html import json_script
from django.utils.safestring import mark_safe

CONTEXT = "https://schema.org"
TYPES = {
    "university": "CollegeOrUniversity",
    "rd_institution": "ResearchOrganization",
}
WIKIDATA = "https://www.wikidata.org/wiki/"


def as_script(document: dict) -> str:
    """The document as a <script type="application/ld+json"> element, escaped
    like Django's json_script so that no value can close the element."""
    element = json_script(document).replace(
        'type="application/json"', 'type="application/ld+json"', 1
    )
    return mark_safe(element)  # nosec B308 B703  # escaping: json_script did it


def names(data: dict, field: str = "name") -> list[dict]:
    """A field in both languages, each tagged with its language."""
    tagged = [
        {"@value": data.get(f"{field}_en"), "@language": "en"},
        {"@value": data.get(f"{field}_zh"), "@language": "zh-Hans"},
    ]
    return [value for value in tagged if value["@value"]]


def page(data: dict) -> str | None:
    return data.get("html_url") or data.get("url")


def organization(
    data: dict,
    *,
    page_of,
    units: list[dict] = (),
    memberships: list[dict] = (),
    recognitions: list[dict] = (),
) -> dict:
    """An organization from its API representation.

    `page_of(slug)` gives the page of a related organization (references in
    the API carry only their API link); `units`, `memberships` and
    `recognitions` are API representations of the published units, the
    current memberships and the public recognitions.
    """
    identifiers = [
        ("USCC", data.get("uscc")),
        ("ROR", data.get("ror_id")),
        ("Wikidata", data.get("wikidata_id")),
    ]
    same_as = [data.get("ror_id")]
    if data.get("wikidata_id"):
        same_as.append(WIKIDATA + data["wikidata_id"])
    document = {
        "@context": CONTEXT,
        "@type": TYPES.get(data.get("kind"), "Organization"),
        "@id": page(data),
        "url": data.get("website") or page(data),
        "mainEntityOfPage": page(data),
        "name": names(data),
        "alternateName": list(data.get("aliases") or []),
        "identifier": [
            {"@type": "PropertyValue", "propertyID": scheme, "value": value}
            for scheme, value in identifiers
            if value
        ],
        "sameAs": [link for link in same_as if link],
        "foundingDate": str(data["established_year"])
        if data.get("established_year")
        else None,
        "parentOrganization": _reference(data.get("parent"), page_of),
        "subOrganization": [_reference(unit, page_of) for unit in units],
        "memberOf": [_membership(membership) for membership in memberships],
        "award": [_award_text(recognition) for recognition in recognitions],
    }
    return _without_empty(document)


def _reference(ref: dict | None, page_of) -> dict | None:
    if not ref:
        return None
    return {
        "@type": "Organization",
        "@id": page_of(ref["id"]),
        "name": names(ref),
    }


def _membership(membership: dict) -> dict:
    program = membership["program"]
    return _without_empty(
        {
            "@type": "ProgramMembership",
            "programName": names(program),
            "startDate": membership.get("joined_on"),
            "hostingOrganization": {"@type": "Organization", "name": names(program)},
        }
    )


def _award_text(recognition: dict) -> str:
    award = recognition["award"]
    name = award.get("name_en") or award.get("name_zh")
    return f"{name} ({recognition['year']})"


def award(data: dict, *, recipients: list[dict] = ()) -> dict:
    """An award: a term for a kind of recognition, and who received it."""
    return _without_empty(
        {
            "@context": CONTEXT,
            "@type": "DefinedTerm",
            "@id": page(data),
            "url": page(data),
            "termCode": data.get("id"),
            "name": names(data),
            "description": names(data, "description"),
            "subjectOf": {
                "@type": "ItemList",
                "itemListElement": [
                    {
                        "@type": "ListItem",
                        "position": n,
                        "item": {
                            "@type": "Organization",
                            "name": names(recognition["organization"]),
                            "award": _award_text(recognition),
                        },
                    }
                    for n, recognition in enumerate(recipients, start=1)
                ],
            }
            if recipients
            else None,
        }
    )


def event(data: dict) -> dict:
    """An event, such as the annual conference where awards are given."""
    return _without_empty(
        {
            "@context": CONTEXT,
            "@type": "Event",
            "@id": page(data),
            "url": page(data),
            "name": names(data),
            "startDate": data.get("date") or str(data.get("year") or "") or None,
            "eventStatus": "https://schema.org/EventScheduled",
            "location": {"@type": "Place", "name": names(data, "place")}
            if names(data, "place")
            else None,
        }
    )


def _without_empty(document: dict) -> dict:
    return {
        key: value for key, value in document.items() if value not in (None, [], "")
    }


# From records to documents, through the API's serializers. ---------------------


def _serialized(request, serializer_class, instance, **kwargs):
    return serializer_class(instance, context={"request": request}, **kwargs).data


def organization_script(request, org) -> str:
    """The JSON-LD element of an organization's page.

    The page's view has fetched the published units (`units`) and the public
    recognitions (`public_recognitions`); only the current memberships are
    read here, in one query.
    """
    from registry.formats import serializers as s
    from registry.models import Membership

    def page_of(slug: str) -> str:
        with translation.override("en"):
            path = reverse("registry:organization_detail", args=[slug])
        return request.build_absolute_uri(path)

    memberships = (
        Membership.objects.current()
        .filter(organization=org)
        .select_related("organization", "program")
        .order_by("joined_on", "pk")
    )
    recognitions = sorted(org.public_recognitions, key=lambda r: (r.year, r.pk))
    document = organization(
        _serialized(request, s.OrganizationSerializer, org),
        page_of=page_of,
        units=_serialized(
            request, s.OrganizationRefSerializer, org.units.all(), many=True
        ),
        memberships=_serialized(
            request, s.MembershipSerializer, memberships, many=True
        ),
        recognitions=_serialized(
            request, s.RecognitionSerializer, recognitions, many=True
        ),
    )
    return as_script(document)


def award_script(request, award_record, recognitions) -> str:
    from registry.formats import serializers as s

    return as_script(
        award(
            _serialized(request, s.AwardSerializer, award_record),
            recipients=_serialized(
                request, s.RecognitionSerializer, recognitions, many=True
            ),
        )
    )


def event_script(request, event_record) -> str:
    from registry.formats import serializers as s

    return as_script(event(_serialized(request, s.EventSerializer, event_record)))
