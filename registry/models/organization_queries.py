"""The reading rules on organizations: visibility, membership, listing, search.

`Organization.objects` is this QuerySet; kept apart from the model's fields.
"""

from django.db.models import Exists, OuterRef, Prefetch, Subquery

from registry.search import query_terms

from .base import SyntheticQuerySet

# What is read of a parent: its link, its names and whether it is public.
PUBLIC_PARENT_FIELDS = {"id", "slug", "name_en", "name_zh", "is_published"}


class OrganizationQuerySet(SyntheticQuerySet):
    def published(self):
        """What the public may see: the one definition of visibility."""
        return self.filter(is_published=True)

    def current_members(self, program=None):
        """Organizations with a current (active) membership, of `program` if given."""
        return self.filter(_is_current_member(program))

    def member_counts(self, program, breakdown=None) -> dict:
        """`members`, `foreign_members` (foreign-invested) and `institutions`.

        Members are current members of `program` (with no program, none),
        counted from `Membership.objects.member_breakdown(program)`, which the
        caller may pass if it has it already.
        """
        from .programs import Membership

        counts = {
            "members": 0,
            "foreign_members": 0,
            "institutions": self.institutions().count(),
        }
        if program is not None:
            if breakdown is None:
                breakdown = Membership.objects.member_breakdown(program)
            foreign = self.model.Ownership.FOREIGN
            for (ownership, _year), n in breakdown.items():
                counts["members"] += n
                counts["foreign_members"] += n if ownership == foreign else 0
        return counts

    def with_public_parent(self):
        """Fetch what `public_parent` and those who show it read (the parent's
        slug, names and visibility) in the same query, and no more of it."""
        return self.select_related("parent").defer(
            *(
                f"parent__{field.name}"
                for field in self.model._meta.concrete_fields
                if field.name not in PUBLIC_PARENT_FIELDS
            )
        )

    def for_listing(self, program=None):
        """What an organization's card, row or page shows, fetched up front.

        `public_parent`, `public_recognitions` (past their embargo, newest
        first), `sector_list` (a list, not the `sectors` manager: it saves
        building a manager per row) and `first_joined_on` (joining `program`,
        by default the main program).
        """
        from .awards import Recognition

        recognitions = (
            Recognition.objects.published()
            .select_related("award", "event")
            .order_by("-year", "award__name_en", "pk")
        )
        return (
            self.with_first_joined(program)
            .with_public_parent()
            .prefetch_related(
                Prefetch("sectors", to_attr="sector_list"),
                Prefetch(
                    "recognitions",
                    queryset=recognitions,
                    to_attr="public_recognitions",
                ),
            )
        )

    def institutions(self):
        """Incubators, R&D institutions and universities."""
        return self.filter(kind__in=self.model.INSTITUTION_KINDS)

    def search(self, query: str):
        """Every word of `query` must occur in the names, aliases or pinyin."""
        queryset = self
        for term in query_terms(query):
            queryset = queryset.filter(search_key__contains=term)
        return queryset

    def with_first_joined(self, program=None):
        """Annotate `first_joined_on`: when the current membership of `program`
        (by default the main program) began, if recorded."""
        memberships = _current_memberships(program).filter(joined_on__isnull=False)
        first = memberships.order_by("joined_on").values("joined_on")[:1]
        return self.annotate(first_joined_on=Subquery(first))


def _current_memberships(program):
    """Current memberships of the outer organization: of `program`, else of the
    main program."""
    from .programs import Membership

    memberships = Membership.objects.current().filter(organization=OuterRef("pk"))
    if program is None:
        return memberships.of_main_program()
    return memberships.filter(program=program)


def _is_current_member(program):
    from .programs import Membership

    if program is None:  # Of any program: the officers' "Member firms".
        return Exists(Membership.objects.current().filter(organization=OuterRef("pk")))
    return Exists(_current_memberships(program))
