"""Links to many records of one kind: the route reversed once, not once a row.

A download or a dump links every row to its page or API address. `reverse`
costs tens of microseconds a call, several times a row; `Links` reverses the
route once with a stand-in key and puts each row's key in its place.
"""

import re

from django.urls import reverse
from django.utils import translation

# Keys that reverse() writes as they are: slugs and numbers. Any other key
# (a slug saved without validation, say) goes through reverse() itself.
_PLAIN = re.compile(r"[-a-zA-Z0-9_]+")
_STAND_IN = "registry-links-stand-in-key"


class Links:
    """`reverse(route, args=[key])`, or `kwargs={kwarg: key}`, for many keys.

    With `request`, absolute as `request.build_absolute_uri` makes them. Build
    one per list: the language and the host are those of the moment it is made.
    """

    def __init__(self, route: str, *, kwarg: str | None = None, request=None):
        self.route, self.kwarg, self.request = route, kwarg, request
        self.language = translation.get_language()
        before, found, after = self._reverse(_STAND_IN).partition(_STAND_IN)
        self._parts = (before, after) if found and _STAND_IN not in after else None

    def __call__(self, key) -> str:
        text = str(key)
        if self._parts is None or not _PLAIN.fullmatch(text):
            return self._reverse(key)
        before, after = self._parts
        return before + text + after

    def _reverse(self, key) -> str:
        with translation.override(self.language):
            if self.kwarg:
                path = reverse(self.route, kwargs={self.kwarg: key})
            else:
                path = reverse(self.route, args=[key])
        return self.request.build_absolute_uri(path) if self.request else path
