"""Letter templates, campaigns, issuing their letters, and withdrawing a wrong letter.

Each change writes an audit event; the history tables keep the field-by-field detail.
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core import audit, dates, history, jobs
from core.audit import Actor
from core.errors import NotPermitted
from core.models import BackgroundJob
from responsibilities.models import Unit

from ..audit import CommitmentsAuditAction
from ..models import Campaign, Letter, LetterTemplate

Progress = Callable[[int, int], None]
# Letters written per transaction: the progress bar moves and a failure keeps what is done.
ISSUE_BATCH_SIZE = 500


@transaction.atomic
def save_template(*, template: LetterTemplate, actor: Actor) -> LetterTemplate:
    """Save a new or edited letter template; unsigned letters read its new text."""
    history.attribute(template, to=actor)
    template.save()
    audit.record(
        action=CommitmentsAuditAction.LETTER_TEMPLATE_CHANGE,
        user=actor,
        target=template,
    )
    return template


def check_campaign(campaign: Campaign) -> None:
    """Refuse a campaign whose template or deadline does not fit it."""
    changes_kind = campaign.pk and campaign.kind != campaign.template.kind
    if changes_kind and campaign.letters.exists():
        raise ValidationError(
            _("Letters are issued: the template must stay of the same kind.")
        )
    if campaign.deadline.year < campaign.year:
        raise ValidationError(_("The deadline falls before the campaign's year."))


@transaction.atomic
def save_campaign(
    *, campaign: Campaign, actor: Actor, units: Iterable[Unit] | None = None
) -> Campaign:
    """Save a new or edited campaign; its kind is its template's; set its units when given."""
    check_campaign(campaign)
    campaign.kind = campaign.template.kind
    if campaign.created_by_id is None:
        campaign.created_by = actor
    history.attribute(campaign, to=actor)
    campaign.save()
    if units is not None:
        campaign.units.set(units)
    audit.record(
        action=CommitmentsAuditAction.CAMPAIGN_SAVE, user=actor, target=campaign
    )
    return campaign


def issue_letters(*, campaign: Campaign, actor: Actor, progress: Progress) -> str:
    """Issue a letter to each addressee who has none yet; return the message for the job.

    Addressees with a live letter are skipped, so issuing again adds only the missing
    letters (a new addressee, or one whose letter was withdrawn without replacement).
    """
    wanted = list(campaign.addressees().values_list("pk", "unit_id"))
    live = _live_addressee_ids(campaign, [pk for pk, _unit in wanted])
    missing = [(pk, unit_id) for pk, unit_id in wanted if pk not in live]
    progress(0, len(missing))
    issued = 0
    for start in range(0, len(missing), ISSUE_BATCH_SIZE):
        issued += _issue_batch(
            campaign, missing[start : start + ISSUE_BATCH_SIZE], actor
        )
        progress(min(start + ISSUE_BATCH_SIZE, len(missing)), len(missing))
    _record_issue(campaign, actor, issued=issued, addressees=len(wanted))
    message = _("%(issued)d letters issued; %(skipped)d addressees already had one.")
    return message % {"issued": issued, "skipped": len(wanted) - len(missing)}


def _live_addressee_ids(campaign: Campaign, addressee_ids: list[int]) -> set[int]:
    return set(
        campaign.letters.live()
        .filter(addressee_id__in=addressee_ids)
        .values_list("addressee_id", flat=True)
    )


@transaction.atomic
def register_archive_letters(
    *, campaign: Campaign, actor: User, issued_on: date
) -> Campaign:
    """Register a round whose letters went out on paper on `issued_on`: one letter per
    addressee, dated that day and marked as registered from the archive."""
    if not actor.has_perm("commitments.add_campaign"):
        raise NotPermitted
    if campaign.letters.exists() and not campaign.is_from_archive:
        raise ValidationError(_("This campaign's letters were issued in the system."))
    if issued_on > timezone.localdate():
        raise ValidationError(
            _("Letters from the archive cannot be dated later than today.")
        )
    if issued_on.year < campaign.year or issued_on > campaign.deadline:
        raise ValidationError(
            _(
                "Letters from the archive were issued in the campaign's year, by its deadline."
            )
        )
    issued_at = dates.paper_moment(issued_on)
    campaign.is_from_archive = True
    history.attribute(campaign, to=actor)
    campaign.save(update_fields=["is_from_archive", "updated_at"])
    wanted = list(campaign.addressees().values_list("pk", "unit_id"))
    issued = 0
    for start in range(0, len(wanted), ISSUE_BATCH_SIZE):
        batch = wanted[start : start + ISSUE_BATCH_SIZE]
        issued += _issue_batch(campaign, batch, actor, issued_at=issued_at)
    _record_issue(
        campaign, actor, issued=issued, addressees=len(wanted), issued_at=issued_at
    )
    return campaign


@transaction.atomic
def _issue_batch(
    campaign: Campaign,
    addressees: list[tuple[int, int]],
    actor: Actor,
    *,
    issued_at: datetime | None = None,
) -> int:
    # Two issuing runs of one campaign take turns here; the second finds the first's
    # letters and skips them instead of breaking the one-live-letter constraint.
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    live = _live_addressee_ids(campaign, [pk for pk, _unit in addressees])
    issued_at = issued_at or timezone.now()
    letters = [
        Letter(campaign=campaign, addressee_id=pk, unit_id=unit_id, issued_at=issued_at)
        for pk, unit_id in addressees
        if pk not in live
    ]
    bulk_create_with_history(
        letters, Letter, batch_size=ISSUE_BATCH_SIZE, default_user=actor
    )
    return len(letters)


@transaction.atomic
def _record_issue(
    campaign: Campaign,
    actor: Actor,
    *,
    issued: int,
    addressees: int,
    issued_at: datetime | None = None,
) -> None:
    campaign.issued_at = issued_at or timezone.now()
    history.attribute(campaign, to=actor)
    campaign.save(update_fields=["issued_at", "updated_at"])
    detail = {"letters_issued": issued, "addressees": addressees}
    if campaign.is_from_archive:
        detail["from_archive"] = True
    audit.record(
        action=CommitmentsAuditAction.CAMPAIGN_ISSUE,
        user=actor,
        target=campaign,
        detail=detail,
    )


def start_issuing(*, campaign: Campaign, actor: User) -> BackgroundJob:
    """Queue the job that issues the campaign's letters; its page shows the progress."""
    from ..tasks import issue_campaign  # the tasks module imports this one

    description = _("Issue the letters of “%(title)s”") % {"title": campaign.title}
    return jobs.start(
        task=issue_campaign,
        kind="commitments.issue_campaign",
        description=description,
        user=actor,
        campaign_id=campaign.pk,
    )


@transaction.atomic
def withdraw_letter(
    *, letter: Letter, reason: str, actor: User, reissue: bool
) -> Letter:
    """Withdraw a wrong letter, signed or not, and issue a replacement when asked.

    Both stay on record: a signed letter keeps its signature, and the new letter points
    at the one it replaces. Return the replacement, or the withdrawn letter.
    """
    if not actor.has_perm("commitments.withdraw_letter"):
        raise NotPermitted
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the withdrawal."))
    letter = (
        Letter.objects.select_for_update().select_related("addressee").get(pk=letter.pk)
    )
    if letter.is_withdrawn():
        raise ValidationError(_("This letter has already been withdrawn."))
    letter.status = Letter.Status.WITHDRAWN
    letter.withdrawn_at = timezone.now()
    letter.withdrawn_by = actor
    letter.withdrawal_reason = reason
    history.attribute(letter, to=actor)
    letter.save(update_fields=sorted(Letter.WITHDRAWAL_FIELDS))
    audit.record(
        action=CommitmentsAuditAction.LETTER_WITHDRAW,
        user=actor,
        target=letter,
        detail={"reason": reason, "was_signed": letter.is_signed()},
    )
    if not reissue:
        return letter
    return _reissue(letter, actor)


def _reissue(withdrawn: Letter, actor: User) -> Letter:
    replacement = Letter(
        campaign_id=withdrawn.campaign_id,
        addressee=withdrawn.addressee,
        unit_id=withdrawn.addressee.unit_id,
        replaces=withdrawn,
    )
    history.attribute(replacement, to=actor)
    replacement.save()
    audit.record(
        action=CommitmentsAuditAction.LETTER_REISSUE,
        user=actor,
        target=replacement,
        detail={"replaces": withdrawn.pk},
    )
    return replacement
