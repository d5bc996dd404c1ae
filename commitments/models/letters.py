"""Letters: one addressee's copy of a campaign's letter, from issue to signature or withdrawal."""

from datetime import date

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.documents.placeholders import fill_placeholders
from core.evidence import EvidenceModel
from responsibilities.models import Duty, Official, Unit

from .campaigns import Campaign
from .signatures import Signature


class LetterQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> "LetterQuerySet":
        """Letters addressed to the user and, for those who follow campaigns (the
        view_letter permission), letters of units in their scope: a colleague's
        unpublished commitments are not for every account of the unit to read."""
        if not user.is_authenticated:
            return self.none()
        own = Q(addressee__user=user)
        if not user.has_perm("commitments.view_letter"):
            return self.filter(own)
        return self.filter(Q(unit__in=Unit.objects.visible_to(user)) | own)

    def addressed_to(self, user: User) -> "LetterQuerySet":
        return self.filter(addressee__user=user)

    def live(self) -> "LetterQuerySet":
        """Letters not withdrawn."""
        return self.exclude(status=Letter.Status.WITHDRAWN)

    def unsigned(self) -> "LetterQuerySet":
        return self.filter(status=Letter.Status.ISSUED)

    def signed(self) -> "LetterQuerySet":
        return self.filter(status=Letter.Status.SIGNED)

    def overdue(self, today: date) -> "LetterQuerySet":
        return self.unsigned().filter(campaign__deadline__lt=today)

    def published(self) -> "LetterQuerySet":
        """Signed letters whose signers agreed to make them public."""
        return self.signed().filter(is_public=True)


class Letter(EvidenceModel):
    """A campaign's letter to one official, signed by them alone."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Awaiting signature")
        SIGNED = "signed", _("Signed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # What may still change once a letter is signed: its withdrawal, nothing else.
    WITHDRAWAL_FIELDS = frozenset(
        {"status", "withdrawn_at", "withdrawn_by", "withdrawal_reason"}
    )

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        related_name="letters",
        verbose_name=_("campaign"),
    )
    addressee = models.ForeignKey(
        Official,
        on_delete=models.PROTECT,
        related_name="letters",
        verbose_name=_("addressee"),
    )
    # The addressee's unit when the letter was issued: the letter's scope and its row in
    # the campaign's progress, even if the addressee later moves.
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="letters", verbose_name=_("unit")
    )
    # The withdrawn letter this one was issued to correct.
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    signature = models.OneToOneField(
        Signature,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letter",
        verbose_name=_("signature"),
    )
    # The signer's own commitments: a draft, saved as they type, until signing freezes
    # it into the signature.
    personal_text = models.TextField(_("personal commitments"), blank=True)
    draft_saved_at = models.DateTimeField(_("draft saved at"), null=True, blank=True)
    # Counts the draft's saves; a save names the one it was based on, so a tab with an
    # older copy cannot silently replace what another tab saved meanwhile.
    draft_revision = models.PositiveIntegerField(_("draft revision"), default=0)
    # The signer's consent to show the signed letter on the public board.
    is_public = models.BooleanField(_("published"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.ISSUED
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    history = HistoricalRecords()

    objects = LetterQuerySet.as_manager()
    frozen_rows = Q(signature__isnull=False)
    open_fields = WITHDRAWAL_FIELDS
    change_refusal = "A signed letter is evidence and cannot be changed."
    deletion_refusal = "Letters are withdrawn, never deleted."

    class Meta:
        ordering = ["unit__order", "unit_id", "addressee__name", "pk"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        permissions = [("withdraw_letter", _("Can withdraw a letter"))]
        constraints = [
            # Issuing a campaign again adds no second letter for the same addressee;
            # a withdrawn letter makes room for its replacement.
            models.UniqueConstraint(
                fields=["campaign", "addressee"],
                condition=~Q(status="withdrawn"),
                name="commitments_letter_one_live_per_addressee",
            ),
            models.CheckConstraint(
                condition=~Q(status="signed") | Q(signature__isnull=False),
                name="commitments_letter_signed_has_signature",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawal_reason=""),
                name="commitments_letter_withdrawal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.title}: {self.addressee.name}"

    def get_absolute_url(self) -> str:
        return reverse("commitments:letter_detail", args=[self.pk])

    def is_signed(self) -> bool:
        return self.signature_id is not None

    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == self.Status.ISSUED and self.campaign.deadline < today

    def has_personal_part(self) -> bool:
        return self.campaign.template.has_personal_part()

    def duties(self) -> models.QuerySet[Duty]:
        """Return the addressee's duties on their unit's list for the campaign's year."""
        return Duty.objects.filter(
            holder=self.addressee,
            responsibility_list__unit=self.addressee.unit_id,
            responsibility_list__year=self.campaign.year,
        ).order_by("subject", "number")

    def duties_text(self) -> str:
        """Return the duties as numbered lines, as the letter lists them (queries them)."""
        return "\n".join(
            f"{position}. {duty.text}"
            for position, duty in enumerate(self.duties(), start=1)
        )

    def placeholder_values(self) -> dict[str, str]:
        """Return what the template's placeholders stand for in this letter (queries the
        duties only when the template lists them)."""
        values = {
            "unit": self.addressee.unit.name,
            "name": self.addressee.name,
            "post": self.addressee.post,
            "year": str(self.campaign.year),
        }
        if "{duties}" in self.campaign.template.body:
            values["duties"] = self.duties_text()
        return values

    def render_title(self) -> str:
        return fill_placeholders(
            self.campaign.template.title, self.placeholder_values()
        )

    def render_body(self) -> str:
        """Return the letter's text for its addressee today; signing freezes it."""
        return fill_placeholders(self.campaign.template.body, self.placeholder_values())
