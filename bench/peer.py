"""The plain-Django peer of /members/: what a Django developer would write first.

The same current members of the main program in the same order (the English
name's indexed sort column, then pk), 25 a page, with Django's own `ListView`
and `Paginator` (a COUNT and an OFFSET on every request), `select_related` and
`prefetch_related` for what a card shows, and a simple template printing the
card's fields straight from the models. No page cache of its own, no cached
counts, no precomputed cards. The bench measures the registry's uncached lists
as multiples of its throughput, in the same server processes and run.
"""

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Subquery
from django.views.generic import ListView

from registry.models import Membership, Organization, Program, Recognition


class PeerMemberListView(ListView):
    template_name = "bench_peer/member_list.html"
    context_object_name = "organizations"
    paginate_by = 25

    def get_queryset(self):
        program = Program.objects.filter(code=settings.REGISTRY_MAIN_PROGRAM).first()
        joined = (
            Membership.objects.current()
            .filter(organization=OuterRef("pk"), program=program)
            .exclude(joined_on=None)
            .order_by("joined_on")
            .values("joined_on")[:1]
        )
        awards = (
            Recognition.objects.published()
            .select_related("award")
            .order_by("-year", "award__name_en", "pk")
        )
        return (
            Organization.objects.published()
            .current_members(program)
            .annotate(joined_on=Subquery(joined))
            .select_related("parent")
            .prefetch_related(
                "sectors",
                Prefetch("recognitions", queryset=awards, to_attr="awards"),
            )
            .order_by("sort_name_en", "pk")
        )


member_list = PeerMemberListView.as_view()
