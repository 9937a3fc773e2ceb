"""How the API knows who writes: a hashed token, or a fully signed-in session;
and when a token ends with the account it was made for."""

from django.conf import settings
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework.authentication import SessionAuthentication


class VerifiedSessionAuthentication(SessionAuthentication):
    """The back office's session, once its second factor has been passed.

    Where REGISTRY_REQUIRE_2FA is on, a password alone opens a session that the
    admin refuses; the API must refuse it too, or it would be a way round the
    second factor.
    """

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None or not settings.REGISTRY_REQUIRE_2FA:
            return result
        user = result[0]
        if not getattr(user, "is_verified", lambda: False)():
            return None
        return result


class VerifiedSessionScheme(SessionScheme):
    """The OpenAPI schema describes it as the plain session it is."""

    target_class = VerifiedSessionAuthentication


class KnoxTokenScheme(OpenApiAuthenticationExtension):
    """Hashed keys are sent exactly as the old keys were (`Authorization: Token
    <key>`), so the schema keeps the scheme's published name, `tokenAuth`."""

    target_class = "knox.auth.TokenAuthentication"
    name = "tokenAuth"
    priority = 1  # before drf-spectacular's own knox scheme, named differently

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            # The scheme's name, not a secret.
            header_name="Authorization",
            token_prefix="Token",  # nosec B106
        )


# Tokens end with the account as it was ------------------------------------
#
# A token was made by a user with a password, a second factor and roles. When
# any of them is taken away (a reset after a lost laptop, a phone replaced, a
# role withdrawn), the tokens end too. Signals see the admin, the management
# commands and shells alike.


def end_tokens(users) -> None:
    """Delete the API tokens of `users` (users or their primary keys)."""
    from knox.models import AuthToken

    AuthToken.objects.filter(user__in=list(users)).delete()


def _password_changing(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and "password" not in update_fields:
        return
    # check_password stores the same password hashed again with today's
    # hasher: it saves the password alone, after clearing _password.
    if (
        update_fields is not None
        and set(update_fields) == {"password"}
        and getattr(instance, "_password", None) is None
    ):
        return
    stored = (
        sender._default_manager.filter(pk=instance.pk)
        .values_list("password", flat=True)
        .first()
    )
    if stored is not None and stored != instance.password:
        end_tokens([instance.pk])


def _device_added(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw and instance.user_id:
        end_tokens([instance.user_id])


def _device_removed(sender, instance, **kwargs):
    if instance.user_id:
        end_tokens([instance.user_id])


def _groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "post_remove":
        end_tokens(pk_set if reverse else [instance.pk])
    elif action == "pre_clear":
        if reverse:
            end_tokens(instance.user_set.values_list("pk", flat=True))
        else:
            end_tokens([instance.pk])


def _group_deleted(sender, instance, **kwargs):
    end_tokens(instance.user_set.values_list("pk", flat=True))


def connect_token_endings() -> None:
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models.signals import (
        m2m_changed,
        post_delete,
        post_save,
        pre_delete,
        pre_save,
    )
    from django_otp.models import Device

    user_model = get_user_model()
    pre_save.connect(
        _password_changing, sender=user_model, dispatch_uid="tokens-end-password"
    )
    m2m_changed.connect(
        _groups_changed,
        sender=user_model.groups.through,
        dispatch_uid="tokens-end-groups",
    )
    pre_delete.connect(_group_deleted, sender=Group, dispatch_uid="tokens-end-group")
    for model in apps.get_models():
        if issubclass(model, Device):
            uid = f"tokens-end-device-{model._meta.label_lower}"
            post_save.connect(_device_added, sender=model, dispatch_uid=uid)
            post_delete.connect(_device_removed, sender=model, dispatch_uid=uid)
