"""The signature chain: every signed letter and sign-off, frozen, hashed and linked."""

import hashlib
import json
import secrets
from datetime import UTC, date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import dates
from core.documents.verification import CODE_LENGTH, new_verification_code
from core.evidence import EvidenceModel, EvidenceQuerySet

# The hash the first signature in the system extends.
GENESIS_HASH = "0" * 64


class SignatureQuerySet(EvidenceQuerySet):
    def chain_order(self) -> "SignatureQuerySet":
        return self.order_by("sequence")


class Signature(EvidenceModel):
    """One link of the chain: what someone signed, exactly as they saw it, and its hash.

    Letters and sign-offs point at their signature; what they show once signed is what
    is frozen here, so a recomputed hash proves the document unchanged.
    """

    class Kind(models.TextChoices):
        LETTER = "letter", _("Letter")
        SIGN_OFF = "sign_off", _("Sign-off")

    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("signer's account"),
    )
    # Position in the one chain of the whole system: 1, 2, 3… with no gaps.
    sequence = models.PositiveIntegerField(_("sequence"), unique=True)
    code = models.CharField(
        _("verification code"),
        max_length=CODE_LENGTH,
        unique=True,
        default=new_verification_code,
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    title = models.CharField(_("title"), max_length=200)
    # The document's text as the signer saw it, duties and all.
    body = models.TextField(_("text"))
    # The signer's own words: personal commitments, or a sign-off's opinion.
    personal_text = models.TextField(_("personal part"), blank=True)
    signer_name = models.CharField(_("signer"), max_length=50)
    unit_name = models.CharField(_("unit"), max_length=100)
    post = models.CharField(_("post"), max_length=50)
    # The hand-drawn signature as a PNG data URL; empty when the signer typed none.
    drawn_signature = models.TextField(_("drawn signature"), blank=True)
    # When the link was made: for a paper signature, the moment it was registered.
    signed_at = models.DateTimeField(_("signed at"))
    # A signature made on paper and registered from the archive: the day the paper says
    # it was signed, and who registered it. Both are hashed with the rest, and signed_at
    # stays the registration's own time: nobody can date a link of the chain.
    signed_on_paper = models.DateField(
        _("signed on paper on"), null=True, blank=True, validators=[dates.happened]
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered from the archive by"),
    )
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    content_hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = SignatureQuerySet.as_manager()
    change_refusal = deletion_refusal = "Signatures are evidence and never change."

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            # Each link is extended exactly once: two signatures claiming the same
            # predecessor would fork the chain.
            models.UniqueConstraint(
                fields=["previous_hash"], name="commitments_signature_one_successor"
            ),
            models.CheckConstraint(
                condition=Q(signed_on_paper__isnull=True, registered_by__isnull=True)
                | Q(signed_on_paper__isnull=False, registered_by__isnull=False),
                name="commitments_signature_paper_has_registrar",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signer_name} {self.title} ({self.code})"

    def canonical_content(self) -> str:
        """Return the signed content as canonical JSON: sorted keys, UTC time to the µs."""
        content = {
            "sequence": self.sequence,
            "code": self.code,
            "kind": self.kind,
            "title": self.title,
            "body": self.body,
            "personal_text": self.personal_text,
            "signer_id": self.signer_id,
            "signer_name": self.signer_name,
            "unit_name": self.unit_name,
            "post": self.post,
            "drawn_signature_sha256": hashlib.sha256(
                self.drawn_signature.encode()
            ).hexdigest(),
            "signed_at": self.signed_at.astimezone(UTC).isoformat(
                timespec="microseconds"
            ),
            "previous_hash": self.previous_hash,
        }
        # Only paper signatures carry these keys, so the hashes made before them hold.
        if self.signed_on_paper is not None:  # from the archive
            content["signed_on_paper"] = self.signed_on_paper.isoformat()
            content["registered_by_id"] = self.registered_by_id
        return json.dumps(
            content, ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )

    def is_from_archive(self) -> bool:
        """Return whether this was signed on paper and registered from the archive."""
        return self.signed_on_paper is not None

    def signed_on(self) -> date:
        """Return the day it was signed: on paper, or in the system."""
        return self.signed_on_paper or timezone.localdate(self.signed_at)

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical_content().encode()).hexdigest()

    def is_intact(self) -> bool:
        """Return whether the stored content still hashes to the stored hash."""
        return secrets.compare_digest(self.compute_hash(), self.content_hash)
