"""The registration of interest (/apply/) and the applicant's status page."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from registry import services
from registry.forms import ApplicationForm
from registry.models import Application, Program

APPLICANT_FIELDS = ("contact_name", "contact_email", "contact_phone")


def client_address(request: HttpRequest) -> str:
    """The visitor's address, as seen by the first of our trusted proxies.

    Behind N reverse proxies (REGISTRY_TRUSTED_PROXIES=N) REMOTE_ADDR is the
    nearest proxy, and the visitor is the Nth address from the right of
    X-Forwarded-For; the entries left of it are the visitor's own to forge.
    """
    proxies = settings.REGISTRY_TRUSTED_PROXIES
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies][:64]
    return request.META.get("REMOTE_ADDR", "")


@sensitive_post_parameters(*APPLICANT_FIELDS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """The registration of interest for the program accepting applications."""
    program = Program.objects.accepting_applications().first()
    if program is None:
        return render(request, "registry/apply_closed.html")
    form = ApplicationForm(program=program)
    if request.method == "POST":
        if not services.record_application_attempt(client_address(request)):
            response = render(request, "registry/apply_rate_limited.html", status=429)
            response["Retry-After"] = str(settings.REGISTRY_APPLY_RATE_WINDOW)
            return response
        # A double click sends the form again: show what the first one made.
        earlier = services.earlier_submission(request.POST.get("submission_id"))
        if earlier is not None:
            return redirect(earlier.get_status_url())
        form = ApplicationForm(request.POST, program=program)
        if form.is_bot:
            return render(request, "registry/apply_refused.html", status=400)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.Meta.fields}
            sectors = data.pop("sectors")
            try:
                application = services.submit_application(
                    program=program,
                    data=data,
                    sectors=sectors,
                    language=get_language(),
                    submission_id=form.cleaned_data["submission_id"],
                )
            except (services.AlreadyMember, services.DuplicateApplication) as error:
                form.add_error("uscc", form.duplicate_error(error))
            else:
                messages.success(
                    request,
                    gettext(
                        "Thank you. Your application is stored with the reference "
                        "%(reference)s. We have emailed you this page's private link."
                    )
                    % {"reference": application.reference},
                )
                return redirect(application.get_status_url())
    privacy = {
        "version": settings.REGISTRY_PRIVACY_NOTICE_VERSION,
        "retention_days": settings.REGISTRY_APPLICATION_RETENTION_DAYS,
        "contact": settings.REGISTRY_PRIVACY_CONTACT,
    }
    return render(
        request,
        "registry/apply_form.html",
        {"form": form, "program": program, "privacy": privacy},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def application_status(request: HttpRequest, token: str) -> HttpResponse:
    """What became of one application, for whoever holds its private link."""
    application = get_object_or_404(
        Application.objects.select_related("program").prefetch_related("messages"),
        token=token,
    )
    if request.method == "POST":
        if request.POST.get("action") == "withdraw" and application.is_open:
            services.withdraw_application(application)
            messages.success(request, gettext("Your application is withdrawn."))
        return redirect(application.get_status_url())
    response = render(
        request, "registry/apply_status.html", {"application": application}
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
