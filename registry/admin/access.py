"""Sign-in and API access in the admin: tokens and django-axes' lockout records.

Each user sees and creates only their own API tokens. django-rest-knox stores
a hash of each key, never the key; the key is shown once, on the page that
creates it.
"""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken
from knox.settings import knox_settings

# knox's own admin lets anyone with the permission mint keys for any user.
if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class OwnTokenAdmin(admin.ModelAdmin):
    list_display = ("key_start", "created", "expiry")
    fields = ("key_start", "created", "expiry")
    readonly_fields = fields
    ordering = ("-created",)

    @admin.display(description=_("key starts with"))
    def key_start(self, token):
        return f"{token.token_key[:8]}…"

    def get_queryset(self, request):
        # Superusers too: nobody manages another person's keys here.
        return super().get_queryset(request).filter(user=request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("New API token"),
            "ttl": knox_settings.TOKEN_TTL,
        }
        if request.method == "POST":
            token, key = AuthToken.objects.create(user=request.user)
            self.log_addition(request, token, gettext("Created."))
            context.update(token=token, key=key)
            response = TemplateResponse(
                request, "admin/registry/token_created.html", context
            )
            response["Cache-Control"] = "no-store"
            return response
        if request.method != "GET":
            return HttpResponseRedirect(request.path)
        return TemplateResponse(request, "admin/registry/token_add.html", context)


# django-axes' clean-up action declares no permission, so anyone who may read
# the lockout records could delete some. It needs the delete permission here.
admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class GuardedAccessAttemptAdmin(AccessAttemptAdmin):
    @admin.action(
        description=AccessAttemptAdmin.cleanup_expired_attempts.short_description,
        permissions=["delete"],
    )
    def cleanup_expired_attempts(self, request, queryset):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        return super().cleanup_expired_attempts(request, queryset)
