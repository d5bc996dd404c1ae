"""Sign-offs (签字背书): a leader's signed opinion on a list breakdown, a report or a summary."""

from typing import cast

from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.evidence import EvidenceModel, EvidenceQuerySet
from responsibilities.models import DutyReport, Official, ResponsibilityList, Unit

from .signatures import Signature

# The officials who lead a unit and so may sign off its list's breakdown.
LEADER_SUBJECTS = (
    Official.Subject.MAIN_LEADER,
    Official.Subject.TEAM_MEMBER,
    Official.Subject.DISCIPLINE_HEAD,
)


class SignOffQuerySet(EvidenceQuerySet):
    def visible_to(self, user: User | AnonymousUser) -> "SignOffQuerySet":
        """Sign-offs the user signed, and those of records in their scope that they may
        read: a sign-off carries its record's whole text."""
        if not user.is_authenticated:
            return self.none()
        readable = Q(pk__in=[])
        if user.has_perm("responsibilities.view_responsibilitylist"):
            readable |= Q(responsibility_list__isnull=False)
        if user.has_perm("responsibilities.view_dutyreport"):
            readable |= Q(duty_report__isnull=False)
        in_scope = Q(unit__in=Unit.objects.visible_to(user)) & readable
        return self.filter(in_scope | Q(signature__signer=user))


class SignOff(EvidenceModel):
    """A responsible leader's opinion and signature on one record, in the signature chain.

    A year-end summary is the unit's whole-year duty report.
    """

    class Kind(models.TextChoices):
        BREAKDOWN = "breakdown", _("Responsibility list breakdown")
        DUTY_REPORT = "duty_report", _("Duty report")
        YEAR_END_SUMMARY = "year_end_summary", _("Year-end summary")

    # Exactly one of the two records below is signed.
    responsibility_list = models.ForeignKey(
        ResponsibilityList,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sign_offs",
        verbose_name=_("responsibility list"),
    )
    duty_report = models.ForeignKey(
        DutyReport,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sign_offs",
        verbose_name=_("duty report"),
    )
    # The record's unit, for scope.
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="sign_offs", verbose_name=_("unit")
    )
    official = models.ForeignKey(
        Official,
        on_delete=models.PROTECT,
        related_name="sign_offs",
        verbose_name=_("signed by"),
    )
    signature = models.OneToOneField(
        Signature,
        on_delete=models.PROTECT,
        related_name="sign_off",
        verbose_name=_("signature"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    # Kept for lists and searches; the signed words themselves are the signature's.
    opinion = models.TextField(_("opinion"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SignOffQuerySet.as_manager()
    change_refusal = "A sign-off is evidence and cannot be changed."
    deletion_refusal = "A sign-off is evidence and cannot be deleted."

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(responsibility_list__isnull=False, duty_report__isnull=True)
                    | Q(responsibility_list__isnull=True, duty_report__isnull=False)
                ),
                name="commitments_signoff_one_record",
            ),
            # A leader signs a record once.
            models.UniqueConstraint(
                fields=["responsibility_list", "official"],
                name="commitments_signoff_once_per_list",
            ),
            models.UniqueConstraint(
                fields=["duty_report", "official"],
                name="commitments_signoff_once_per_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.record} ({self.official.name})"

    def get_absolute_url(self) -> str:
        return reverse("commitments:signoff_detail", args=[self.pk])

    @property
    def record(self) -> ResponsibilityList | DutyReport:
        # A check constraint keeps exactly one of the two set.
        return cast(
            ResponsibilityList | DutyReport,
            self.responsibility_list or self.duty_report,
        )


def signing_leader(
    responsibility_list: ResponsibilityList, user: User | AnonymousUser
) -> Official | None:
    """Return the official the user signs the list's breakdown off as: an active leader
    of the list's unit (main leader, team member or discipline head) linked to the
    account, or None. Queries it."""
    if not user.is_authenticated:
        return None
    return (
        Official.objects.active()
        .filter(
            user=user.pk, unit=responsibility_list.unit_id, subject__in=LEADER_SUBJECTS
        )
        .select_related("unit")
        .first()
    )


def signing_secretary(
    report: DutyReport, user: User | AnonymousUser
) -> Official | None:
    """Return the official the user signs the report off as: the unit's active main
    leader (its party secretary) linked to the account, or None. Queries it.

    Only the secretary signs a report: the report is their account of the main
    responsibility, and their sign-off is what submits it."""
    if not user.is_authenticated:
        return None
    return (
        Official.objects.active()
        .filter(user=user.pk, unit=report.unit_id, subject=Official.Subject.MAIN_LEADER)
        .select_related("unit")
        .first()
    )
