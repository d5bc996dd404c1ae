from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core import roles


class UnitQuerySet(models.QuerySet):
    def active(self) -> "UnitQuerySet":
        return self.filter(is_active=True)

    def with_committee(self) -> "UnitQuerySet":
        """Return the units led by a party committee, which keep responsibility lists."""
        return self.filter(kind__in=Unit.COMMITTEE_KINDS)

    def under(self, unit: "Unit") -> "UnitQuerySet":
        """Return the unit and every unit below it, at any depth, in one query."""
        return self.filter(Q(pk=unit.pk) | Q(path__startswith=unit.subtree_prefix))

    def visible_to(self, user: User | AnonymousUser) -> "UnitQuerySet":
        """Return the units the user may see: their home unit and everything below it.

        Administrators see all. A discipline committee supervises the party committee at
        its own level, so its staff see that committee's whole tree. Auditors see no
        domain records at all (three-way separation). Queries the user's profile.
        """
        if not user.is_authenticated or roles.has_role(user, roles.AUDITOR):
            return self.none()
        if sees_all_units(user):
            return self
        home = home_unit(user)
        if home is None:
            return self.none()
        if home.supervises_parent_tree() and roles.has_role(
            user, roles.DISCIPLINE_STAFF
        ):
            return self.filter(Q(pk=home.parent_id) | Q(path__startswith=home.path))
        return self.under(home)


class Unit(models.Model):
    """A unit of the organisation tree: a committee, a department, a township, a station…"""

    class Kind(models.TextChoices):
        CITY_COMMITTEE = "city_committee", _("City party committee")
        DISCIPLINE_COMMITTEE = "discipline_committee", _("Discipline committee")
        DEPARTMENT = "department", _("City department")
        TOWNSHIP = "township", _("Township")
        SUBDISTRICT = "subdistrict", _("Subdistrict")
        STATION = "station", _("Grass-roots station")
        STATIONED_GROUP = "stationed_group", _("Stationed discipline group")

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    # The stationed discipline group (派驻纪检组) that supervises a department that has
    # no discipline secretary of its own.
    stationed_group = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_units",
        limit_choices_to={"kind": "stationed_group"},
        verbose_name=_("stationed discipline group"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    code = models.CharField(_("code"), max_length=32, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    # The keys of all ancestors, root first: "/1/7/" for a unit under 7 under 1, "/" for a
    # root. A subtree is then one indexed prefix match, whatever its depth.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="/")
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    # The kinds of unit led by a party committee (党委/党组), and so with a yearly
    # responsibility list.
    COMMITTEE_KINDS = (
        Kind.CITY_COMMITTEE,
        Kind.DEPARTMENT,
        Kind.TOWNSHIP,
        Kind.SUBDISTRICT,
    )

    objects = UnitQuerySet.as_manager()
    # How the audit trail names it, without its content (core.audit.number_of).
    audit_number_field = "code"

    class Meta:
        ordering = ["order", "name", "pk"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # The path is derived from the parent chain: filling it here means no entry point
        # (form, admin, shell) can store a unit whose subtree lookups are wrong.
        self.path = self.path_below(self.parent)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("responsibilities:unit_detail", args=[self.pk])

    @staticmethod
    def path_below(parent: "Unit | None") -> str:
        """Return the path of a unit placed under `parent` (a root's is "/")."""
        return parent.subtree_prefix if parent else "/"

    @staticmethod
    def normalise_code(code: str) -> str:
        """Return a code as it is stored: trimmed and upper-case, so lookups ignore case."""
        return code.strip().upper()

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(pk) for pk in self.path.strip("/").split("/") if pk]

    @property
    def subtree_prefix(self) -> str:
        """Return the path that every unit below this one starts with."""
        return f"{self.path}{self.pk}/"

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def supervises_parent_tree(self) -> bool:
        return (
            self.kind == self.Kind.DISCIPLINE_COMMITTEE and self.parent_id is not None
        )

    def is_under(self, other: "Unit") -> bool:
        return self.pk == other.pk or self.path.startswith(other.subtree_prefix)

    def employs_all(self, officials: "Iterable[Official]") -> bool:
        """Return whether every official works in this unit or a unit below it (one
        query)."""
        pks = {official.pk for official in officials}
        inside = Official.objects.filter(pk__in=pks, unit__in=Unit.objects.under(self))
        return inside.count() == len(pks)


# The unit tree as nested nodes, for pages that draw it (one query, then built in memory).
@dataclass
class TreeNode:
    unit: Unit
    children: list["TreeNode"] = field(default_factory=list)


def build_tree(units: list[Unit]) -> list[TreeNode]:
    """Return the units as a forest; a unit whose parent is not in the list is a root."""
    # Keyed by int | None so that a root's parent_id (None) finds no node.
    nodes: dict[int | None, TreeNode] = {unit.pk: TreeNode(unit) for unit in units}
    roots: list[TreeNode] = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


class OfficialQuerySet(models.QuerySet):
    def active(self) -> "OfficialQuerySet":
        return self.filter(is_active=True)

    def by_seniority(self) -> "OfficialQuerySet":
        """Order as a unit lists its people: active first, the most senior rank first."""
        return self.order_by("-is_active", Official.seniority(), "name", "pk")

    def visible_to(self, user: User | AnonymousUser) -> "OfficialQuerySet":
        return self.filter(unit__in=Unit.objects.visible_to(user))


class Official(models.Model):
    """A person holding a post in a unit."""

    class Rank(models.TextChoices):
        COUNTY_CHIEF = "county_chief", _("County/division level, chief")
        COUNTY_DEPUTY = "county_deputy", _("County/division level, deputy")
        SECTION_CHIEF = "section_chief", _("Township/section level, chief")
        SECTION_DEPUTY = "section_deputy", _("Township/section level, deputy")
        MIDDLE_MANAGER = "middle_manager", _("Middle manager (incl. station heads)")
        GENERAL = "general", _("General cadre")

    class Subject(models.TextChoices):
        MAIN_LEADER = "main_leader", _("Main leader of the party committee")
        TEAM_MEMBER = "team_member", _("Leadership team member")
        DISCIPLINE_HEAD = "discipline_head", _("Discipline secretary or group head")
        NONE = "none", _("None")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="officials", verbose_name=_("unit")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="official",
        verbose_name=_("login account"),
    )
    name = models.CharField(
        pgettext_lazy("person", "name"), max_length=50, db_index=True
    )
    post = models.CharField(_("post"), max_length=50)
    rank = models.CharField(_("rank"), max_length=32, choices=Rank)
    subject = models.CharField(
        _("responsibility subject"),
        max_length=32,
        choices=Subject,
        default=Subject.NONE,
    )
    is_party_member = models.BooleanField(_("party member"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = OfficialQuerySet.as_manager()

    class Meta:
        ordering = ["unit__order", "unit_id", "name", "pk"]
        verbose_name = _("official")
        verbose_name_plural = _("officials")

    def __str__(self) -> str:
        return f"{self.name}（{self.post}）"

    def get_absolute_url(self) -> str:
        return reverse("responsibilities:official_detail", args=[self.pk])

    @classmethod
    def seniority(cls) -> models.Case:
        """Return an expression that sorts ranks most senior first (Rank's order)."""
        positions = enumerate(cls.Rank.values)
        return models.Case(
            *[models.When(rank=rank, then=position) for position, rank in positions],
            output_field=models.IntegerField(),
        )


class Profile(models.Model):
    """A login account's home unit, which decides what the account can see."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="profiles",
        verbose_name=_("home unit"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"{self.user} @ {self.unit}"


def sees_all_units(user: User | AnonymousUser) -> bool:
    return user.is_superuser or roles.has_role(user, roles.ADMINISTRATOR)


def home_unit(user: User) -> Unit | None:
    """Return the user's home unit, or None for an account that has none."""
    profile = getattr(user, "profile", None)
    return profile.unit if profile else None
