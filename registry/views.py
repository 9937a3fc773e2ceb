"""Public pages."""

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")


# Open data (/data/): the dumps written by registry.opendata.


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    """The open-data dumps, newest first, with their files and checksums."""
    from django.shortcuts import render

    from . import opendata

    return render(request, "registry/open_data.html", {"dumps": opendata.list_dumps()})


@require_safe
def open_data_file(request: HttpRequest, version: str, name: str) -> HttpResponse:
    """One file of a dump, only if its manifest lists it."""
    from django.http import FileResponse, Http404

    from . import opendata

    path = opendata.dump_file_path(version, name)
    if path is None or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


def regenerate_open_data(request: HttpRequest) -> HttpResponse:
    """Admin page: the latest dump, and a button that writes a new one.

    Reached through admin.site.admin_view, so only signed-in staff get here.
    """
    from django.contrib import admin, messages
    from django.shortcuts import redirect, render
    from django.utils.translation import gettext as _

    from . import opendata

    if request.method == "POST":
        dump = opendata.export_dump()
        messages.success(
            request,
            _("Open-data dump %(version)s written.") % {"version": dump.version},
        )
        return redirect("admin_open_data")
    dumps = opendata.list_dumps()
    context = {
        **admin.site.each_context(request),
        "title": _("Open data"),
        "latest": dumps[0] if dumps else None,
        "count": len(dumps),
    }
    return render(request, "admin/open_data.html", context)
