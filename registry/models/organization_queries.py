"""The reading rules on organizations: visibility, membership, listing, search.

`Organization.objects` is this QuerySet; kept apart from the model's fields.
"""

from django.db.models import (
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)

from registry.models.base import SyntheticQuerySet
from registry.search.index import holding_words
from registry.search.names import query_terms

# What is read of a parent: its link, its names and whether it is public.
PUBLIC_PARENT_FIELDS = {"id", "slug", "name_en", "name_zh", "is_published"}


class OrganizationQuerySet(SyntheticQuerySet):
    # The program whose current members this list holds (`current_members`):
    # sorting them by joining date can then walk that program's memberships.
    _members_of = None

    def _clone(self):
        clone = super()._clone()
        clone._members_of = self._members_of
        return clone

    def published(self):
        """What the public may see: the one definition of visibility."""
        return self.filter(is_published=True)

    def current_members(self, program=None):
        """Organizations with a current (active) membership, of `program` if given."""
        members = self.filter(_is_current_member(program))
        members._members_of = program
        return members

    def member_counts(self, program, breakdown=None) -> dict:
        """`members`, `foreign_members` (foreign-invested) and `institutions`.

        Members are current members of `program` (with no program, none),
        counted from `Membership.objects.member_breakdown(program)`, which the
        caller may pass if it has it already. `foreign_members` is None when
        there are members but the ownership of none of them is recorded: not
        known, rather than none.
        """
        from registry.models.programs import Membership

        counts = {
            "members": 0,
            "foreign_members": 0,
            "institutions": self.institutions().count(),
        }
        if program is not None:
            if breakdown is None:
                breakdown = Membership.objects.member_breakdown(program)
            foreign = self.model.Ownership.FOREIGN
            recorded = 0
            for (ownership, _year), n in breakdown.items():
                counts["members"] += n
                counts["foreign_members"] += n if ownership == foreign else 0
                recorded += n if ownership else 0
            if counts["members"] and not recorded:
                counts["foreign_members"] = None
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
        first), `sector_list` and `first_joined_on` (joining `program`, by
        default the main program).
        """
        from registry.models.awards import Recognition

        recognitions = (
            Recognition.objects.published()
            .select_related("award", "event")
            .order_by("-year", "award__name_en", "pk")
        )
        return (
            self.with_first_joined(program)
            .with_public_parent()
            .with_sectors()
            .prefetch_related(
                Prefetch(
                    "recognitions",
                    queryset=recognitions,
                    to_attr="public_recognitions",
                ),
            )
        )

    def with_sectors(self):
        """Fetch what `sector_list` reads in one more query.

        As plain lists: a download of 50,000 rows then builds no query set per
        row (a prefetched relation does), which took half its time and memory.
        """
        return self.prefetch_related(Prefetch("sectors", to_attr="fetched_sectors"))

    def institutions(self):
        """Incubators, R&D institutions and universities."""
        return self.filter(kind__in=self.model.INSTITUTION_KINDS)

    def search(self, query: str):
        """Every word of `query` must occur in the names, aliases or pinyin.

        Found by index (`organization_search.holding_words`), never by reading
        every organization's key.
        """
        words = query_terms(query)
        if not words:
            return self
        return self.filter(holding_words(self.model, self.db, words))

    def holding_any_word(self, words: list[str]):
        """Organizations whose search key holds at least one of `words` (as
        `query_terms` gives them), found by index like `search`."""
        if not words:
            return self.none()
        return self.filter(holding_words(self.model, self.db, words, every=False))

    def with_first_joined(self, program=None):
        """Annotate `first_joined_on`: when the current membership of `program`
        (by default the main program) began, if recorded.

        Read from the membership itself when the list has joined it (a list
        sorted by joining date, `order_by_first_joined`): an organization holds
        at most one current membership of a program (the constraint
        `registry_membership_one_open_per_program`), so both give one date.
        """
        name = _joined_membership(program)
        if name in self.query._filtered_relations:
            return self.annotate(first_joined_on=F(f"{name}__joined_on"))
        memberships = _current_memberships(program).filter(joined_on__isnull=False)
        first = memberships.order_by("joined_on").values("joined_on")[:1]
        return self.annotate(first_joined_on=Subquery(first))

    def _joining(self, program):
        """The list with its current membership of `program` joined (once)."""
        name = _joined_membership(program)
        if name in self.query._filtered_relations:
            return self
        condition = _current_membership_of(program)
        return self.alias(
            **{name: FilteredRelation("memberships", condition=condition)}
        )

    def order_by_first_joined(self, *, descending: bool = False):
        """Sort by joining date (`with_first_joined`), unknown dates last, then pk.

        The list joins its current membership of the main program. On a list of
        that program's current members every row has one, so it is an inner
        join: the database reads the members in the order of an index
        (`registry_membership_newest`, `_oldest`) and stops at the page's last
        row, instead of sorting them all.
        """
        queryset = self._joining(None)
        members_of = self._members_of
        if members_of is not None and members_of.code == _main_program_code():
            # Filtered before the date is read, so that both use one join.
            name = _joined_membership(None)
            queryset = queryset.filter(**{f"{name}__isnull": False})
        queryset = queryset.with_first_joined()
        joined = F("first_joined_on")
        if descending:
            return queryset.order_by(joined.desc(nulls_last=True), "pk")
        return queryset.order_by(joined.asc(nulls_last=True), "pk")


def _main_program_code() -> str:
    from registry.models.programs import main_program_code

    return main_program_code()


def _joined_membership(program) -> str:
    """The name under which a list joins its current membership of `program`."""
    return "main_membership" if program is None else f"membership_{program.pk}"


def _current_membership_of(program) -> Q:
    """The current membership of `program` (else of the main program, found by
    its code in the same query), as the condition of a join on `memberships`."""
    from registry.models.programs import Membership, main_program_id

    return Membership.objects.current_condition("memberships__") & Q(
        memberships__program=main_program_id() if program is None else program
    )


def _current_memberships(program):
    """Current memberships of the outer organization: of `program`, else of the
    main program."""
    from registry.models.programs import Membership

    memberships = Membership.objects.current().filter(organization=OuterRef("pk"))
    if program is None:
        return memberships.of_main_program()
    return memberships.filter(program=program)


def _is_current_member(program):
    from registry.models.programs import Membership

    if program is None:  # Of any program: the officers' "Member firms".
        return Exists(Membership.objects.current().filter(organization=OuterRef("pk")))
    return Exists(_current_memberships(program))
