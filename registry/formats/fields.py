"""The fields every API record shares: its identifier and its links."""

from django.utils import translation
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from registry.models.base import record_url
from registry.net import absolute

ID_HELP = "The record's stable identifier: its slug, also used in its URLs."
PAGE_HELP = (
    "The record's public page in English (add /zh-hans/ for Chinese); "
    "null when it has no page."
)
URL_HELP = (
    "Deprecated: the same as `html_url`, for one release. From the next release "
    "`url` is this record in the API, as `api_url` is now."
)


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class PageURLField(serializers.Field):
    """The absolute URL of the record's public page, in English."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", PAGE_HELP)
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        # `url` and `html_url` show the same page: worked out once per record.
        last = self.parent.__dict__.get("_page_url")
        if last is not None and last[0] is value:
            return last[1]
        url = self._page_url(value)
        self.parent.__dict__["_page_url"] = (value, url)
        return url

    def _page_url(self, value):
        page_of = getattr(self.parent, "page_of", None)
        target = page_of(value) if page_of else value
        if target is None or not hasattr(target, "get_absolute_url"):
            return None
        if translation.get_language() == "en":  # the API's own language
            path = target.get_absolute_url()
        else:
            with translation.override("en"):
                path = target.get_absolute_url()
        return absolute(self.context.get("request"), path)


@extend_schema_field(
    {"type": "string", "format": "uri", "nullable": True, "deprecated": True}
)
class DeprecatedPageURLField(PageURLField):
    """`url`, which named the public page before `html_url` did."""

    def __init__(self):
        super().__init__(help_text=URL_HELP)


class APIURLField(serializers.HyperlinkedIdentityField):
    """The record's own API URL, without the request's ?format=."""

    def to_representation(self, value):
        return self.get_url(value, self.view_name, self.context.get("request"), None)

    def get_url(self, obj, view_name, request, format):
        # The lookup is the route's only argument.
        path = record_url(view_name, getattr(obj, self.lookup_field))
        return absolute(request, path)


def api_url(basename: str, lookup: str = "slug"):
    return APIURLField(
        view_name=f"api:{basename}-detail",
        lookup_field=lookup,
        lookup_url_kwarg=lookup,
        help_text="This record in the API.",
    )


def slug_id():
    return serializers.SlugField(source="slug", read_only=True, help_text=ID_HELP)


def number_id(what: str):
    return serializers.IntegerField(
        source="pk", read_only=True, help_text=f"The {what}'s stable number."
    )


class BySlug(serializers.SlugRelatedField):
    """A related record named by its slug."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "slug")
        super().__init__(**kwargs)
