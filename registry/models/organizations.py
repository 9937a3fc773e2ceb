"""Organizations and the sectors they work in."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.models.base import (
    BilingualNamed,
    CreditCodeField,
    PublicPage,
    SyntheticQuerySet,
    created_at_field,
    in_reader_language_field,
    name_required_constraint,
    sort_name,
    synthetic_field,
    unique_constraint,
    updated_at_field,
    uscc_format_constraint,
    year_range_constraint,
    year_validators,
)
from registry.models.history import registry_history
from registry.models.organization_queries import OrganizationQuerySet
from registry.search.names import build_search_key
from registry.validators import (
    normalize_ror_id,
    validate_ror_id,
    validate_star_stock_code,
    validate_wikidata_id,
)

# Firms in the registry were founded long before the programs began.
FIRST_ESTABLISHED_YEAR = 1800


class Sector(BilingualNamed):
    """A field of work, such as healthcare or new energy."""

    is_synthetic = synthetic_field()

    objects = SyntheticQuerySet.as_manager()

    history = registry_history()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        constraints = [name_required_constraint("sector")]


class District(models.TextChoices):
    """The sixteen districts of Shanghai."""

    PUDONG = "pudong", _("Pudong New Area")
    HUANGPU = "huangpu", _("Huangpu")
    XUHUI = "xuhui", _("Xuhui")
    CHANGNING = "changning", _("Changning")
    JINGAN = "jingan", _("Jing'an")
    PUTUO = "putuo", _("Putuo")
    HONGKOU = "hongkou", _("Hongkou")
    YANGPU = "yangpu", _("Yangpu")
    MINHANG = "minhang", _("Minhang")
    BAOSHAN = "baoshan", _("Baoshan")
    JIADING = "jiading", _("Jiading")
    JINSHAN = "jinshan", _("Jinshan")
    SONGJIANG = "songjiang", _("Songjiang")
    QINGPU = "qingpu", _("Qingpu")
    FENGXIAN = "fengxian", _("Fengxian")
    CHONGMING = "chongming", _("Chongming")


# Kept by name: the proxies "Member firms" and "Institutions" send their own
# save signals, which `RegistryConfig.ready` connects to this history too.
# Derived columns (the search key, the sort keys) are not part of a record's story;
# its sectors are, kept with each version.
organization_history = registry_history(
    excluded_fields=["search_key", "sort_name_en", "sort_name_zh"],
    m2m_fields=["sectors"],
)


class Organization(PublicPage, BilingualNamed):
    """A firm, an innovation unit of a firm, an incubator or an R&D institution."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        INNOVATION_UNIT = "innovation_unit", _("Innovation unit of a firm")
        INCUBATOR = "incubator", _("Incubator")
        RD_INSTITUTION = "rd_institution", _("R&D institution")
        UNIVERSITY = "university", _("University")

    class Ownership(models.TextChoices):
        DOMESTIC = "domestic", _("Domestic")
        FOREIGN = "foreign", _("Foreign-invested")
        JOINT_VENTURE = "joint_venture", _("Joint venture")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    INSTITUTION_KINDS = [Kind.INCUBATOR, Kind.RD_INSTITUTION, Kind.UNIVERSITY]

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_("Other names and abbreviations, in either language, one per line."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        help_text=_("The company an innovation unit belongs to."),
    )
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), blank=True, related_name="organizations"
    )
    ownership = models.CharField(
        _("ownership"),
        max_length=20,
        choices=Ownership.choices,
        blank=True,
        help_text=_("Leave empty when no source states it."),
    )
    investor_country = models.CharField(
        _("investor's home country"),
        max_length=2,
        blank=True,
        help_text=_("ISO 3166 code, such as US, for foreign-invested firms."),
    )
    uscc = CreditCodeField(_("unified social credit code"), blank=True)
    ror_id = models.CharField(
        _("ROR id"), max_length=40, blank=True, validators=[validate_ror_id]
    )
    wikidata_id = models.CharField(
        _("Wikidata id"), max_length=20, blank=True, validators=[validate_wikidata_id]
    )
    website = models.URLField(_("website"), blank=True)
    established_year = models.PositiveSmallIntegerField(
        _("year established"),
        null=True,
        blank=True,
        validators=year_validators(FIRST_ESTABLISHED_YEAR),
    )
    district = models.CharField(
        _("district"), max_length=20, choices=District.choices, blank=True
    )
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    address_zh = models.CharField(_("address (Chinese)"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    is_star_listed = models.BooleanField(_("listed on the STAR Market"), default=False)
    stock_code = models.CharField(
        _("stock code"),
        max_length=6,
        blank=True,
        validators=[validate_star_stock_code],
    )
    is_published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_("Unpublished records show nowhere public."),
    )
    search_key = models.TextField(_("search key"), blank=True, editable=False)
    is_synthetic = synthetic_field()
    # The reader-language sort keys, kept by the database itself and indexed,
    # so a sorted page reads an index instead of sorting every organization.
    sort_name_en = models.GeneratedField(
        expression=sort_name("name_en", "name_zh"),
        output_field=models.CharField(max_length=200),
        db_persist=True,
    )
    sort_name_zh = models.GeneratedField(
        expression=sort_name("name_zh", "name_en"),
        output_field=models.CharField(max_length=200),
        db_persist=True,
    )
    created_at = created_at_field()
    updated_at = updated_at_field()

    objects = OrganizationQuerySet.as_manager()

    history = organization_history

    class Meta:
        ordering = ["name_en", "name_zh"]
        indexes = [
            # Public lists read published rows only: the partial index holds
            # just those, and a page's OFFSET is a walk through it alone.
            models.Index(
                fields=["sort_name_en", "id"],
                condition=Q(is_published=True),
                name="registry_org_sort_en",
            ),
            models.Index(
                fields=["sort_name_zh", "id"],
                condition=Q(is_published=True),
                name="registry_org_sort_zh",
            ),
        ]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        permissions = [
            ("publish_open_data", _("Can write a new open-data dump")),
        ]
        constraints = [
            name_required_constraint("organization"),
            unique_constraint(
                "organization",
                "unique_uscc",
                fields=["uscc"],
                condition=~Q(uscc=""),
                message=_("An organization with this credit code exists."),
            ),
            uscc_format_constraint("organization"),
            unique_constraint(
                "organization",
                "unique_ror_id",
                fields=["ror_id"],
                condition=~Q(ror_id=""),
                message=_("An organization with this ROR id exists."),
            ),
            models.CheckConstraint(
                condition=Q(ror_id="")
                | Q(ror_id__regex=r"^https://ror\.org/0[0-9a-hjkmnp-tv-z]{6}[0-9]{2}$"),
                name="registry_organization_ror_id_format",
                violation_error_message=_(
                    "Enter a ROR id such as https://ror.org/05gxmms51."
                ),
            ),
            models.CheckConstraint(
                condition=Q(stock_code="") | Q(is_star_listed=True),
                name="registry_organization_stock_code_needs_listing",
                violation_error_message=_(
                    "Only a firm listed on the STAR Market has a stock code."
                ),
            ),
            models.CheckConstraint(
                condition=Q(investor_country="")
                | Q(ownership__in=["foreign", "joint_venture"]),
                name="registry_organization_investor_country_needs_foreign_capital",
                violation_error_message=_(
                    "Only a foreign-invested firm or joint venture has an "
                    "investor's home country."
                ),
            ),
            year_range_constraint(
                "organization",
                "established_year",
                FIRST_ESTABLISHED_YEAR,
                nullable=True,
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=models.F("pk")),
                name="registry_organization_not_own_parent",
                violation_error_message=_("An organization cannot be its own parent."),
            ),
        ]

    # The route of the record's page, which takes its slug.
    page_route = "registry:organization_detail"

    address = in_reader_language_field("address")

    @property
    def public_parent(self):
        """The parent organization, shown only if it is published.

        The one place this rule lives: pages, feeds, CSV and API read it. List
        querysets call `with_public_parent()` so that it costs no query per row.
        """
        parent = self.parent
        return parent if parent is not None and parent.is_published else None

    @property
    def sector_list(self) -> list:
        """Its sectors: as its list fetched them (`with_sectors`), else read now."""
        fetched = getattr(self, "fetched_sectors", None)
        return list(self.sectors.all()) if fetched is None else fetched

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        self.ror_id = normalize_ror_id(self.ror_id)
        self.wikidata_id = self.wikidata_id.strip().upper()
        self.investor_country = self.investor_country.strip().upper()

    def save(self, *args, **kwargs):
        self.ror_id = normalize_ror_id(self.ror_id)
        self.search_key = build_search_key(self.name_en, self.name_zh, *self.alias_list)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_key"}
        super().save(*args, **kwargs)


def forget_fetched_sectors(sender, instance, action, **kwargs):
    """A change to an organization's sectors drops the list fetched before it
    (`with_sectors`), as Django drops a prefetched relation: `sector_list`
    reads them again. (Connected in `RegistryConfig.ready`.)"""
    if action.startswith("post_") and isinstance(instance, Organization):
        instance.__dict__.pop("fetched_sectors", None)


class MemberFirm(Organization):
    """Organizations seen as program members: the officers' "Member firms" view."""

    class Meta:
        proxy = True
        verbose_name = _("member firm")
        verbose_name_plural = _("member firms")


class Institution(Organization):
    """Incubators, R&D institutions and universities: the "Institutions" view."""

    class Meta:
        proxy = True
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")


# The views keep their organization's history: django-simple-history's revert
# page looks its manager up on the model it is shown for.
for _view in (MemberFirm, Institution):
    _view._meta.simple_history_manager_attribute = (
        Organization._meta.simple_history_manager_attribute
    )
