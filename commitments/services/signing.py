"""Signing: freeze what is signed, extend the one signature chain, and check it."""

import base64
import binascii
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, history
from core.errors import NotFound, NotPermitted
from responsibilities.models import Official

from ..audit import CommitmentsAuditAction
from ..models import GENESIS_HASH, Letter, Signature

DRAWN_SIGNATURE_PREFIX = "data:image/png;base64,"
DRAWN_SIGNATURE_MAX_BYTES = 300_000
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# Any fixed number: the key of the PostgreSQL advisory lock that serialises signing.
CHAIN_LOCK_KEY = 2_024_0101


def validate_drawn_signature(data_url: str) -> None:
    """Accept an empty value or a PNG data URL of reasonable size, as signature_pad makes."""
    if not data_url:
        return
    if not data_url.startswith(DRAWN_SIGNATURE_PREFIX):
        raise ValidationError(_("The drawn signature is not a PNG image."))
    try:
        png = base64.b64decode(data_url[len(DRAWN_SIGNATURE_PREFIX) :], validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValidationError(_("The drawn signature is not a PNG image.")) from error
    if not png.startswith(PNG_MAGIC):
        raise ValidationError(_("The drawn signature is not a PNG image."))
    if len(png) > DRAWN_SIGNATURE_MAX_BYTES:
        raise ValidationError(_("The drawn signature is too large."))


def lock_chain() -> None:
    """Hold the chain until this transaction ends, so signatures extend it one at a time.

    PostgreSQL takes a transaction-scoped advisory lock; SQLite already lets one writer
    at a time through. Either way the unique constraints on sequence and previous_hash
    refuse a fork.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


@dataclass(frozen=True)
class SignedContent:
    """What a signer puts their name to, as they see it at that moment."""

    kind: str
    title: str
    body: str
    personal_text: str
    official: Official
    drawn_signature: str = ""


@dataclass(frozen=True)
class PaperRecord:
    """A signature made on paper: the day the paper bears, and who registers it."""

    signed_on: date
    registered_by: User


@transaction.atomic
def append_signature(
    *,
    signer: User,
    content: SignedContent,
    paper: PaperRecord | None = None,
) -> Signature:
    """Freeze the content under the signer's name and chain it after the last signature.

    The link is timed now, always; a paper signature adds its own day beside that.
    """
    validate_drawn_signature(content.drawn_signature)
    lock_chain()
    last = Signature.objects.chain_order().only("sequence", "content_hash").last()
    signature = Signature(
        signer=signer,
        sequence=last.sequence + 1 if last else 1,
        kind=content.kind,
        title=content.title,
        body=content.body,
        personal_text=content.personal_text,
        signer_name=content.official.name,
        unit_name=content.official.unit.name,
        post=content.official.post,
        drawn_signature=content.drawn_signature,
        signed_at=timezone.now(),
        signed_on_paper=paper.signed_on if paper else None,
        registered_by=paper.registered_by if paper else None,
        previous_hash=last.content_hash if last else GENESIS_HASH,
    )
    signature.content_hash = signature.compute_hash()
    signature.save()
    return signature


@transaction.atomic
def sign_letter(
    *,
    letter: Letter,
    signer: User,
    personal_text: str = "",
    drawn_signature: str = "",
    is_public: bool = False,
) -> Letter:
    """Sign a letter addressed to the signer: freeze its text and chain its signature.

    Anyone else gets a 404, as if the letter did not exist for them.
    """
    letter = (
        Letter.objects.select_for_update()
        .select_related("campaign__template", "addressee__unit")
        .get(pk=letter.pk)
    )
    if letter.addressee.user_id != signer.pk:
        raise NotFound
    if letter.campaign.is_from_archive:
        raise ValidationError(
            _("This letter was issued on paper: it is signed on paper.")
        )
    return _sign(
        letter,
        signer=signer,
        actor=signer,
        personal_text=personal_text,
        drawn_signature=drawn_signature,
        is_public=is_public,
    )


@transaction.atomic
def register_paper_signature(
    *,
    letter: Letter,
    actor: User,
    signed_on: date,
    personal_text: str = "",
    is_public: bool = False,
) -> Letter:
    """Register from the archive a letter its addressee signed on paper on `signed_on`.

    Only letters of a campaign registered from the archive are signed on paper; the
    signature is the addressee's, and says who registered it and when.
    """
    if not actor.has_perm("commitments.add_campaign"):
        raise NotPermitted
    letter = (
        Letter.objects.visible_to(actor)
        .exclude(addressee__user=actor)
        # Lock the letter alone: the scope's joins are outer joins, which PostgreSQL
        # cannot lock.
        .select_for_update(of=("self",))
        .select_related("campaign__template", "addressee__unit", "addressee__user")
        .filter(pk=letter.pk)
        .first()
    )
    # Nobody registers their own paper, nor one of a unit outside their scope.
    if letter is None:
        raise NotPermitted
    if not letter.campaign.is_from_archive:
        raise ValidationError(_("Only letters issued on paper are signed on paper."))
    if letter.addressee.user is None:
        raise ValidationError(_("The addressee has no account to sign under."))
    issued_on = timezone.localdate(letter.issued_at)
    if not issued_on <= signed_on <= timezone.localdate():
        raise ValidationError(
            _("A paper is signed between the letter's issue and today.")
        )
    return _sign(
        letter,
        signer=letter.addressee.user,
        actor=actor,
        personal_text=personal_text,
        is_public=is_public,
        paper=PaperRecord(signed_on=signed_on, registered_by=actor),
    )


def _sign(
    letter: Letter,
    *,
    signer: User,
    actor: User,
    personal_text: str,
    is_public: bool,
    drawn_signature: str = "",
    paper: PaperRecord | None = None,
) -> Letter:
    if letter.status != Letter.Status.ISSUED:
        raise ValidationError(_("This letter can no longer be signed."))
    personal_text = personal_text.strip() if letter.has_personal_part() else ""
    if letter.has_personal_part() and not personal_text:
        raise ValidationError(_("Write your personal commitments before signing."))
    letter.signature = append_signature(
        signer=signer,
        content=SignedContent(
            kind=Signature.Kind.LETTER,
            title=letter.render_title(),
            body=letter.render_body(),
            personal_text=personal_text,
            official=letter.addressee,
            drawn_signature=drawn_signature,
        ),
        paper=paper,
    )
    letter.personal_text = personal_text
    letter.is_public = is_public
    letter.status = Letter.Status.SIGNED
    history.attribute(letter, to=actor)
    letter.save()
    detail = {"code": letter.signature.code, "public": is_public}
    if paper:
        detail["signed_on_paper"] = paper.signed_on.isoformat()
    audit.record(
        action=CommitmentsAuditAction.LETTER_SIGN,
        user=actor,
        target=letter,
        detail=detail,
    )
    return letter


@dataclass(frozen=True)
class BrokenLink:
    signature: Signature
    reason: str


def first_broken_link() -> BrokenLink | None:
    """Walk the whole chain in order; return the first signature that fails, or None."""
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    for signature in Signature.objects.chain_order().iterator(chunk_size=500):
        if signature.sequence != expected_sequence:
            return BrokenLink(signature, _("a signature is missing before this one"))
        if signature.previous_hash != expected_previous:
            return BrokenLink(
                signature, _("it does not follow the signature before it")
            )
        if not signature.is_intact():
            return BrokenLink(signature, _("its content no longer matches its hash"))
        expected_previous = signature.content_hash
        expected_sequence += 1
    return None
