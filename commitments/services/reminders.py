"""Daily reminders about unsigned letters: 7, 3 and 1 days before the deadline, and after.

Each run gives every unsigned letter the reminder of the most urgent threshold it has
reached, unless that reminder went out already. A day the job did not run is caught up
on the next run, with the reminder due by then; the less urgent ones it missed are
skipped rather than sent together. The Reminder row's unique constraint makes each
reminder go once per letter and threshold however often, or however concurrently, the
job runs.
"""

from collections import Counter
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core import audit
from core.notifications import notify
from responsibilities.services.lists import discipline_secretary_of

from ..models import Letter, Reminder

Threshold = Reminder.Threshold


def _windows(today: date) -> dict[str, Q]:
    """Return, for each threshold, the deadlines of letters that have reached it today."""

    def deadline_in(first: int, last: int) -> Q:
        span = (today + timedelta(days=first), today + timedelta(days=last))
        return Q(campaign__deadline__range=span)

    return {
        Threshold.OVERDUE: Q(campaign__deadline__lt=today),
        Threshold.ONE_DAY: deadline_in(0, 1),
        Threshold.THREE_DAYS: deadline_in(2, 3),
        Threshold.SEVEN_DAYS: deadline_in(4, 7),
    }


def send_due_reminders(*, today: date) -> int:
    """Send the reminders due today; return how many went out.

    Overdue letters are also reported to the discipline secretary over their unit, one
    notice per unit and campaign. One audit entry records each run and its counts.
    Letters issued on paper are signed and followed up on paper: none is reminded here.
    """
    sent: Counter[str] = Counter()
    overdue: dict[tuple[int, int], list[Letter]] = {}
    for threshold, window in _windows(today).items():
        letters = (
            Letter.objects.unsigned()
            .filter(window, campaign__is_from_archive=False)
            .exclude(reminders__threshold=threshold)
            .select_related("campaign", "unit", "addressee__user")
        )
        for letter in letters.iterator(chunk_size=500):
            if _remind(letter, threshold):
                sent[threshold] += 1
                if threshold == Threshold.OVERDUE:
                    key = (letter.unit_id, letter.campaign_id)
                    overdue.setdefault(key, []).append(letter)
    notices = sum(_notify_discipline_secretary(letters) for letters in overdue.values())
    audit.record(
        action=audit.CoreAuditAction.REMINDER_SEND,
        detail={"sent": dict(sent), "discipline_notices": notices},
    )
    return sum(sent.values())


@transaction.atomic
def _remind(letter: Letter, threshold: str) -> bool:
    """Record the reminder and notify the addressee; False if another run already did."""
    try:
        with transaction.atomic():
            Reminder.objects.create(letter=letter, threshold=threshold)
    except IntegrityError:
        return False
    user = letter.addressee.user
    if user is not None and user.is_active:
        notify(user=user, **_reminder_text(letter, threshold))
    return True


def _reminder_text(letter: Letter, threshold: str) -> dict[str, str]:
    values = {
        "title": letter.campaign.title,
        "deadline": letter.campaign.deadline.isoformat(),
    }
    if threshold == Threshold.OVERDUE:
        title = _("Overdue: %(title)s is still unsigned") % values
        body = _("The deadline was %(deadline)s. Please read and sign it now.") % values
    else:
        title = _("Please sign %(title)s by %(deadline)s") % values
        body = _("Your letter awaits your signature; the deadline is %(deadline)s.")
        body %= values
    return {"title": title, "body": body, "url": letter.get_absolute_url()}


@transaction.atomic
def _notify_discipline_secretary(letters: list[Letter]) -> int:
    """Tell the unit's discipline secretary who is overdue; return 1 if someone was told."""
    unit, campaign = letters[0].unit, letters[0].campaign
    secretary = discipline_secretary_of(unit)
    if secretary is None or secretary.user is None or not secretary.user.is_active:
        return 0
    names = "、".join(letter.addressee.name for letter in letters)
    values = {"unit": unit.name, "title": campaign.title, "count": len(letters)}
    title = _("%(unit)s: %(count)d letters of %(title)s overdue") % values
    body = _("Not signed by the deadline %(deadline)s: %(names)s.") % {
        "deadline": campaign.deadline.isoformat(),
        "names": names,
    }
    url = reverse("commitments:campaign_detail", args=[campaign.pk])
    notify(user=secretary.user, title=title, body=body, url=url)
    return 1
