"""The reconciliation service at /reconcile/ (W3C Reconciliation Service API 0.2).

OpenRefine sends `queries=` (or `extend=`) by GET or as a POST form; older
clients ask for JSONP with `callback=`. The endpoints are DRF views only for
the API's anonymous throttle; they answer plain JSON whatever the client
accepts, since reconciliation clients send all sorts of Accept headers.
"""

import json
import re

from csp.decorators import csp_replace
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from rest_framework.exceptions import APIException, Throttled
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from registry.models.base import reads_chinese
from registry.reconcile import extend as reconcile_extend
from registry.reconcile import matching as reconcile
from registry.reconcile.matching import ReconcileError

CALLBACK = re.compile(r"^[A-Za-z_$][\w$]{0,63}(\.[A-Za-z_$][\w$]{0,63}){0,4}$")
PREVIEW_WIDTH, PREVIEW_HEIGHT = 400, 160


class ReconcileAPIView(APIView):
    """Anonymous, throttled like the API, and left out of the API's schema."""

    # No session authentication: the service is read-only and public, and
    # OpenRefine posts forms without a CSRF token.
    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    # The API's forms, as OpenRefine sends them; a JSON body is refused (415).
    parser_classes = [FormParser, MultiPartParser]
    schema = None
    # Set once the request is found too large: nothing of its body is read.
    too_large = False

    def dispatch(self, request, *args, **kwargs):
        # The service has no /zh-hans/ twin: names and labels follow the
        # client's Accept-Language (or language cookie) instead.
        language = translation.get_language_from_request(request, check_path=False)
        with translation.override(language):
            response = super().dispatch(request, *args, **kwargs)
            response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language"])
        return response

    def initial(self, request, *args, **kwargs):
        # After the throttle, which counts refused requests too.
        super().initial(request, *args, **kwargs)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        query_string = len(request.META.get("QUERY_STRING", ""))
        if max(length, query_string) > reconcile.MAX_REQUEST_BYTES:
            self.too_large = True
            raise ReconcileError(
                _("The request is larger than %(max)d KB.")
                % {"max": reconcile.MAX_REQUEST_BYTES // 1024},
                status=413,
            )

    def perform_content_negotiation(self, request, force=False):
        return (JSONRenderer(), JSONRenderer.media_type)

    def raw_params(self):
        """GET parameters, or the POST form (with the query string's callback)."""
        params = self.request.query_params
        if self.request.method == "POST":
            params = params.copy()
            params.update(self.request.data)
        return params

    def params(self):
        """The parameters, refused if any holds a NUL character: no name holds
        one, and PostgreSQL cannot even compare one. Raw or escaped inside the
        JSON of `queries` and `extend`."""
        params = self.raw_params()
        for _name, values in params.lists():
            if any("\x00" in v or "\\u0000" in v.lower() for v in values):
                raise ReconcileError(_("Parameters cannot contain NUL characters."))
        return params

    def handle_exception(self, exc):
        if isinstance(exc, ReconcileError):
            return self.error(exc)
        if isinstance(exc, APIException):
            # A throttled, unparsable or unsupported request, in the service's
            # own error form.
            response = self.answer({"error": str(exc.detail)}, status=exc.status_code)
            if isinstance(exc, Throttled) and exc.wait is not None:
                response["Retry-After"] = str(int(exc.wait))
            return response
        return super().handle_exception(exc)

    def callback(self) -> str | None:
        """The JSONP callback; from the query string alone when the body
        cannot be read (too large, or not a form)."""
        if not self.too_large:
            try:
                return self.raw_params().get("callback")
            except APIException:
                pass
        return self.request.query_params.get("callback")

    def answer(self, data, *, status: int = 200) -> HttpResponse:
        body = json.dumps(data, ensure_ascii=False)
        callback = self.callback()
        if callback is None:
            response = HttpResponse(
                body, status=status, content_type="application/json"
            )
        elif CALLBACK.match(callback):
            # JSONP: the comment guards against a callback name read as a
            # content type sniffing attack (the Rosetta Flash trick).
            response = HttpResponse(
                f"/**/{callback}({body});",
                status=status,
                content_type="application/javascript; charset=utf-8",
            )
        else:
            response = HttpResponse(
                json.dumps({"error": _("callback is not a valid function name.")}),
                status=400,
                content_type="application/json",
            )
        response["Access-Control-Allow-Origin"] = "*"
        return response

    def error(self, error: ReconcileError) -> HttpResponse:
        return self.answer({"error": str(error)}, status=error.status)


class ServiceView(ReconcileAPIView):
    """The manifest; or, with `queries=`, reconciliation; with `extend=`, columns."""

    def get(self, request):
        params = self.params()
        try:
            if "queries" in params:
                queries = reconcile.parse_queries(params["queries"])
                return self.answer(reconcile.reconcile_batch(queries))
            if "extend" in params:
                ids, properties = reconcile_extend.parse_extend(params["extend"])
                return self.answer(reconcile_extend.extend(ids, properties))
        except ReconcileError as error:
            return self.error(error)
        return self.answer(manifest(request))

    post = get


def manifest(request) -> dict:
    service = request.build_absolute_uri(reverse("reconcile")).rstrip("/")
    with translation.override("en"):
        identifiers = request.build_absolute_uri(
            reverse("registry:organization_detail", args=["0"])
        ).removesuffix("0/")
    # The view link opens the page in the reader's language.
    view = request.build_absolute_uri(
        reverse("registry:organization_detail", args=["0"])
    ).removesuffix("0/")
    return {
        "versions": ["0.2"],
        "name": _("Pudong Innovation Registry"),
        "identifierSpace": identifiers,
        "schemaSpace": request.build_absolute_uri(reverse("api-schema")),
        "documentation": request.build_absolute_uri(reverse("registry:open_data")),
        "view": {"url": view + "{{id}}/"},
        "preview": {
            "url": f"{service}/preview/?id={{{{id}}}}",
            "width": PREVIEW_WIDTH,
            "height": PREVIEW_HEIGHT,
        },
        "suggest": {
            "entity": {"service_url": service, "service_path": "/suggest/entity/"}
        },
        "extend": {
            "propose_properties": {
                "service_url": service,
                "service_path": "/properties/",
            },
            "property_settings": [],
        },
        "defaultTypes": reconcile.type_list(),
    }


class SuggestEntityView(ReconcileAPIView):
    """Prefix suggestions for OpenRefine's autocomplete."""

    def get(self, request):
        prefix = self.params().get("prefix", "")
        return self.answer({"result": reconcile_extend.suggest(prefix)})


class ProposePropertiesView(ReconcileAPIView):
    """The columns data extension can add for a type."""

    def get(self, request):
        params = self.params()
        type_id = params.get("type", reconcile.ORGANIZATION_TYPE)
        if type_id not in reconcile.TYPES:
            return self.error(ReconcileError(_("Unknown type.")))
        try:
            limit = int(params.get("limit", 0)) or None
        except ValueError:
            return self.error(ReconcileError(_("limit must be a number.")))
        return self.answer(reconcile_extend.propose_properties(type_id, limit=limit))


@method_decorator(xframe_options_exempt, name="dispatch")
@method_decorator(csp_replace({"frame-ancestors": ["*"]}), name="dispatch")
class PreviewView(ReconcileAPIView):
    """A small card for one record, shown by OpenRefine in a frame of the size
    the manifest states (hence framing is allowed here and nowhere else: by
    X-Frame-Options and by the policy's frame-ancestors, which browsers
    follow first). OpenRefine runs on the user's own machine, at any address."""

    def get(self, request):
        org = reconcile_extend.preview_organization(self.params().get("id", ""))
        if org is None:
            return render(
                request,
                "registry/reconcile_preview.html",
                {"organization": None, "width": PREVIEW_WIDTH},
                status=404,
            )
        return render(
            request,
            "registry/reconcile_preview.html",
            {
                "organization": org,
                "other_name": org.name_en if reads_chinese() else org.name_zh,
                "parent": org.parent
                if org.parent and org.parent.is_published
                else None,
                "width": PREVIEW_WIDTH,
                "height": PREVIEW_HEIGHT,
            },
        )


urlpatterns = [
    path("", ServiceView.as_view(), name="reconcile"),
    path("suggest/entity/", SuggestEntityView.as_view(), name="reconcile_suggest"),
    path("properties/", ProposePropertiesView.as_view(), name="reconcile_properties"),
    path("preview/", PreviewView.as_view(), name="reconcile_preview"),
]
