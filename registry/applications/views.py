"""The registration of interest (/apply/) and the applicant's status page."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from registry.applications import ratelimit, services
from registry.applications.forms import ApplicationForm
from registry.models import Application, Program
from registry.net import client_address

APPLICANT_FIELDS = ("contact_name", "contact_email", "contact_phone")


def _session_key(request: HttpRequest) -> str:
    """This browser's session, started when the form is first sent: a double
    click, or a form sent again after an error, stays in it. Never on reading
    the form, which would write a session row for every visit."""
    if request.session.session_key is None:
        request.session["applying"] = True
        request.session.save()
    return request.session.session_key


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
        if not ratelimit.record_application_attempt(client_address(request)):
            response = render(request, "registry/apply_rate_limited.html", status=429)
            response["Retry-After"] = str(settings.REGISTRY_APPLY_RATE_WINDOW)
            return response
        session_key = _session_key(request)
        # A double click sends the form again: show what the first one made.
        earlier = services.earlier_submission(
            request.POST.get("submission_id"), session_key=session_key
        )
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
                    session_key=session_key,
                )
            except (services.AlreadyMember, services.DuplicateApplication) as error:
                form.add_error("uscc", form.duplicate_error(error))
            else:
                messages.success(request, stored_message(application))
                return redirect(application.get_status_url())
    return render(
        request,
        "registry/apply_form.html",
        {"form": form, "program": program, "privacy": privacy_notice()},
    )


def privacy_notice() -> dict:
    """What the privacy notice states besides its text: its version, how long
    an application is kept, and whom to write to."""
    return {
        "version": settings.REGISTRY_PRIVACY_NOTICE_VERSION,
        "retention_days": settings.REGISTRY_APPLICATION_RETENTION_DAYS,
        "contact": settings.REGISTRY_PRIVACY_CONTACT,
    }


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice the form shows, on a page of its own: for the program
    accepting applications, or else the main program."""
    program = Program.objects.accepting_applications().first() or Program.objects.main()
    return render(
        request,
        "registry/privacy.html",
        {"program": program, "privacy": privacy_notice()},
    )


def stored_message(application) -> str:
    """What the applicant reads first: the reference, and where the link went."""
    if application.emailed_at is None:
        text = gettext(
            "Thank you. Your application is stored with the reference "
            "%(reference)s. No email was sent: keep this page's address, it is "
            "the only link to your application."
        )
    else:
        text = gettext(
            "Thank you. Your application is stored with the reference "
            "%(reference)s. We have emailed you this page's private link."
        )
    return text % {"reference": application.reference}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def application_status(request: HttpRequest, token: str) -> HttpResponse:
    """What became of one application, for whoever holds its private link.

    The applicant sees the data we hold, and may withdraw or erase it.
    """
    application = (
        Application.objects.select_related("program")
        .prefetch_related("messages", "sectors")
        .filter(token=token)
        .first()
    )
    if application is None:
        response = render(request, "registry/apply_status_gone.html", status=404)
    elif request.method == "POST":
        response = status_action(request, application)
    else:
        response = render(
            request, "registry/apply_status.html", status_context(application)
        )
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The address holds the token: never send it on as a Referer.
    response["Referrer-Policy"] = "no-referrer"
    return response


def status_context(application, **extra) -> dict:
    return {
        "application": application,
        "privacy_contact": settings.REGISTRY_PRIVACY_CONTACT,
        **extra,
    }


def status_action(request: HttpRequest, application) -> HttpResponse:
    """Withdraw or erase, from the status page's forms."""
    action = request.POST.get("action")
    if action == "erase":
        if request.POST.get("confirm") != "on":
            context = status_context(application, erase_unconfirmed=True)
            return render(request, "registry/apply_status.html", context, status=400)
        services.erase_application(application)
        return render(request, "registry/apply_status_erased.html")
    if action == "withdraw":
        try:
            withdrawn = services.withdraw_application(application)
        except services.ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                gettext("Your application is withdrawn.")
                if withdrawn
                else gettext("Your application was already withdrawn."),
            )
    return redirect(application.get_status_url())
