"""Template helpers for the public site: the language switch and bilingual names."""

from urllib.parse import parse_qsl, urlencode, urlsplit

from django import template
from django.conf import settings
from django.urls import get_script_prefix, translate_url
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language_from_path

from registry.models.base import reads_chinese

register = template.Library()


@register.simple_tag(takes_context=True)
def language_url(context, lang_code: str) -> str:
    """The current page, query string included, in the language `lang_code`.

    Django's translate_url handles every page the URLconf knows. For any other
    path (a 404) the language prefix is swapped by hand. Either way the link
    starts with exactly one slash: a path like /zh-hans//evil.example/ must
    not become the scheme-relative, off-site link //evil.example/.
    """
    request = context.get("request")
    if request is None:
        return get_script_prefix()
    # A page asks twice for the other language: its alternate link and the switch.
    known = request.__dict__.setdefault("_language_urls", {})
    if lang_code not in known:
        known[lang_code] = _language_url(request, lang_code)
    return known[lang_code]


# Query parameters that say where a visitor came from, not what the page shows:
# left out of a page's canonical URL and its alternates.
TRACKING_PARAMETERS = frozenset(
    {"gclid", "dclid", "fbclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid"}
    | {"_ga", "_gl", "spm", "from", "isappinstalled"}
)


@register.simple_tag(takes_context=True)
def site_language_url(context, lang_code: str) -> str:
    """The current page in `lang_code` as an absolute URL on the site's own
    address (REGISTRY_SITE_URL), without tracking parameters: for the
    canonical link and the hreflang alternates, whatever host the request
    came through."""
    url = urlsplit(language_url(context, lang_code))
    query = url.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(name, value) for name, value in pairs if not _tracking(name)]
        if len(kept) != len(pairs):
            query = urlencode(kept)
    path = f"{url.path}?{query}" if query else url.path
    return settings.REGISTRY_SITE_URL.rstrip("/") + path


def _tracking(name: str) -> bool:
    name = name.lower()
    return name.startswith("utm_") or name in TRACKING_PARAMETERS


def _language_url(request, lang_code: str) -> str:
    full_path = _one_leading_slash(request.get_full_path())
    translated = translate_url(full_path, lang_code)
    if translated == full_path and lang_code != get_language_from_path(
        request.path_info
    ):
        translated = _swap_prefix(request, lang_code)
    return _one_leading_slash(translated)


def _one_leading_slash(url: str) -> str:
    # Browsers read // and /\ at the start as "another host".
    return "/" + url.lstrip("/\\")


def _swap_prefix(request, lang_code: str) -> str:
    path = request.path_info
    current = get_language_from_path(path)
    if current:
        path = path[len(current) + 1 :] or "/"
    if lang_code != settings.LANGUAGE_CODE:
        path = f"/{lang_code}/{path.lstrip('/')}"
    url = get_script_prefix().rstrip("/") + path
    query = request.META.get("QUERY_STRING", "")
    return f"{url}?{query}" if query else url


# The one separator between a page's own title and the site's name.
TITLE_SEPARATOR = " · "


@register.filter(is_safe=True)
def page_title(title) -> str:
    """A page's `<title>`: its own title (already escaped), then the site's name."""
    site = conditional_escape(settings.REGISTRY_SITE_NAME)
    text = " ".join(str(title).split())
    if isinstance(title, SafeData):
        # Only re-marks text that was escaped already, its spaces collapsed.
        text = mark_safe(text)  # nosec B308 B703  # escaping: escaped already
    else:
        text = conditional_escape(text)
    return format_html("{}{}{}", text, TITLE_SEPARATOR, site) if text else site


@register.filter
def other_name(record) -> str:
    """The record's name in the other language, when it has one that differs."""
    other = record.name_en if reads_chinese() else record.name_zh
    return other if other and other != record.name else ""


@register.filter
def name_lang(record) -> str:
    """The language of the name shown, for the `lang` attribute."""
    if reads_chinese():
        return "zh-Hans" if record.name_zh else "en"
    return "en" if record.name_en else "zh-Hans"


@register.filter
def other_name_lang(record) -> str:
    """The language of the record's name in the other language."""
    return "en" if reads_chinese() else "zh-Hans"
