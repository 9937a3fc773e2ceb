"""Template helpers for the public site: the language switch and bilingual names."""

from django import template
from django.conf import settings
from django.urls import get_script_prefix
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language_from_path

from registry.models.base import reads_chinese

register = template.Library()


@register.simple_tag(takes_context=True)
def language_url(context, lang_code: str) -> str:
    """The current page, query string included, in the language `lang_code`."""
    request = context.get("request")
    if request is None:
        path = "/"
    else:
        path = request.path_info
        current = get_language_from_path(path)
        if current:
            path = path[len(current) + 1 :] or "/"
    if lang_code != settings.LANGUAGE_CODE:
        path = f"/{lang_code}{path}"
    url = get_script_prefix().rstrip("/") + path
    query = request.META.get("QUERY_STRING", "") if request is not None else ""
    return f"{url}?{query}" if query else url


# The one separator between a page's own title and the site's name.
TITLE_SEPARATOR = " · "


@register.filter(is_safe=True)
def page_title(title) -> str:
    """A page's `<title>`: its own title (already escaped), then the site's name."""
    site = conditional_escape(settings.REGISTRY_SITE_NAME)
    text = " ".join(str(title).split())
    text = mark_safe(text) if isinstance(title, SafeData) else conditional_escape(text)
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
