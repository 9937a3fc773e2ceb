"""What a server process would otherwise build during its first requests.

The URLconf in each language, the translation catalogues and the public
pages' compiled templates: a few hundred milliseconds
that every new worker spent on its first pages, in each language. The WSGI
module calls `warm_up()`; under gunicorn's --preload that happens once in the
parent, and every worker starts with all of it.

Nothing here touches the database: a connection must never cross a fork.
"""

from django.conf import settings
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation

# The public pages' templates, and those they extend and include.
TEMPLATES = [
    "base.html",
    "registry/home.html",
    "registry/organization_list.html",
    "registry/organization_detail.html",
    "registry/award_list.html",
    "registry/award_detail.html",
    "registry/event_detail.html",
    "registry/program_detail.html",
    "includes/_organization_card.html",
    "includes/_chart.html",
    "includes/_reported_figures.html",
    "registry/widgets/select.html",
    "django/forms/widgets/text.html",
    "django/forms/widgets/number.html",
    "404.html",
]


def warm_up() -> None:
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            # Loads the catalogues and the URL patterns of this language.
            reverse("registry:home")
    for name in TEMPLATES:
        get_template(name)
