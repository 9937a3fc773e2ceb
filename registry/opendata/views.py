"""Open data (/data/): the dumps written by registry.opendata.dumps, for everyone."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from registry.opendata import dumps as opendata


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    """The open-data dumps, newest first, with their files and checksums."""
    return render(request, "registry/open_data.html", {"dumps": opendata.list_dumps()})


@require_safe
def open_data_file(request: HttpRequest, version: str, name: str) -> HttpResponse:
    """One file of a dump, only if its manifest lists it."""
    path = opendata.dump_file_path(version, name)
    if path is None or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)
