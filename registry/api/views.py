"""The API's viewsets: published records for everyone, writes for officers.

Every list starts from the same `.published()` as the pages, with its related
rows fetched up front, so a list costs the same few queries at any size. A
list's `?format=csv` is the whole filtered list, streamed a chunk at a time.
"""

import hashlib

from django.http import Http404
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.http import http_date
from django.utils.translation import gettext as _
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from registry.api.resources import RESOURCES, Resource
from registry.formats.tables import cells_of, columns_of
from registry.lists.streaming import streaming_csv


class RegistryViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """List, read, create and update; never delete.

    Reads return `serializer_class`; writes accept `input_serializer_class` and
    answer with the record as read. GET responses carry an ETag (single records
    also a Last-Modified) and honour conditional requests; a streamed CSV list
    has none, as it is never held whole to be hashed.
    """

    # Any path segment reaches the view, so an unknown id is a JSON 404.
    lookup_value_regex = "[^/]+"
    resource: Resource
    last_modified = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # What DRF and the schema read as class attributes, from the table.
        cls.serializer_class = cls.resource.serializer
        cls.input_serializer_class = cls.resource.input_serializer
        cls.filterset_class = cls.resource.filterset
        cls.lookup_field = cls.resource.lookup

    def get_queryset(self):
        # Built per request: visibility and embargo are read now, not at start-up.
        return self.resource.queryset()

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return self.input_serializer_class
        return self.serializer_class

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:
            if force:  # Answering an error: JSON.
                return JSONRenderer(), JSONRenderer.media_type
            raise ValidationError(
                {
                    "format": [
                        _("Choose one of: %(formats)s.") % {"formats": "json, csv"}
                    ]
                }
            ) from None

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format != "csv":
            return super().list(request, *args, **kwargs)
        # A CSV download is the whole filtered list, not a page of it; a
        # malformed page parameter is still a 400. Everything that can refuse
        # the request runs here, before the first byte is sent.
        queryset = self.filter_queryset(self.get_queryset())
        self.paginator.check_parameters(request)
        columns = columns_of(self.serializer_class)
        return streaming_csv(
            queryset,
            filename=self.csv_filename(),
            header=columns,
            cells=cells_of(columns),
            rows_of=lambda chunk: self.get_serializer(chunk, many=True).data,
        )

    def csv_filename(self) -> str:
        return f"{self.basename}.csv"

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        # Only a single record has a sensible Last-Modified: a list also changes
        # when rows leave it.
        self.last_modified = getattr(instance, "updated_at", None)
        return Response(self.get_serializer(instance).data)

    def _as_read(self, instance, status):
        data = self.serializer_class(
            instance, context=self.get_serializer_context()
        ).data
        return Response(data, status=status)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._as_read(serializer.save(), 201)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(
            self.get_object(), data=request.data, partial=partial
        )
        serializer.is_valid(raise_exception=True)
        return self._as_read(serializer.save(), 200)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400 and isinstance(response, Response):
            # Errors are always JSON, even for ?format=csv.
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.streaming  # Hashing it would read it whole.
        ):
            return self._conditional(request, response)
        return response

    def _conditional(self, request, response):
        response.render()
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:40])
        response["ETag"] = etag
        last_modified = None
        if self.last_modified is not None:
            last_modified = int(self.last_modified.timestamp())
            response["Last-Modified"] = http_date(last_modified)
        if response.accepted_renderer.format == "csv":
            filename = self.csv_filename()
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )


class OrganizationViewSet(RegistryViewSet):
    """Published organizations: firms, their innovation units, incubators and R&D
    institutions. Filters and search mean the same as on the public pages."""

    resource = RESOURCES["organizations"]


class ProgramViewSet(RegistryViewSet):
    """Programs of the Pudong government, among them the main program, whose
    members the registry lists."""

    resource = RESOURCES["programs"]


class SectorViewSet(RegistryViewSet):
    """Sectors organizations work in; filter organizations with `?sector=<id>`."""

    resource = RESOURCES["sectors"]


class MembershipViewSet(RegistryViewSet):
    """Memberships of published organizations in programs."""

    resource = RESOURCES["memberships"]


class AwardViewSet(RegistryViewSet):
    """Kinds of recognition that programs give, such as a program's exemplar title."""

    resource = RESOURCES["awards"]


class RecognitionViewSet(RegistryViewSet):
    """Awards given to published organizations, once past their embargo."""

    resource = RESOURCES["recognitions"]


class EventViewSet(RegistryViewSet):
    """Occasions where recognitions are given, such as the annual conference."""

    resource = RESOURCES["events"]


class ReportedFigureViewSet(RegistryViewSet):
    """Statistics published by a source, shown beside the registry's own counts."""

    resource = RESOURCES["reported-figures"]


# The router registers one viewset per row of the table, in the table's order.
VIEWSETS = {
    viewset.resource.name: viewset for viewset in RegistryViewSet.__subclasses__()
}
