"""Sign-offs (签字背书): a leader's signed opinion on a list breakdown, a report or a summary."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from responsibilities.models import DutyReport, Official, ResponsibilityList, Unit

from .signatures import Signature


class SignOffQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Sign-offs are evidence and never change.")

    def delete(self):
        raise PermissionError("Sign-offs are evidence and never change.")

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> "SignOffQuerySet":
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


class SignOff(models.Model):
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

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise PermissionError("A sign-off is evidence and cannot be changed.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("commitments:signoff_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise PermissionError("A sign-off is evidence and cannot be deleted.")

    @property
    def record(self) -> ResponsibilityList | DutyReport:
        return self.responsibility_list or self.duty_report
