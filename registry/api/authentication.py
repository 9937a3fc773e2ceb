"""How the API knows who writes: a hashed token, or a fully signed-in session."""

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
