"""Daily reminders about rectifications: 7, 3 and 1 days before the deadline, and after.

The same design as the commitments' letter reminders: each run gives every pending
rectification the reminder of the most urgent threshold it has reached, unless that
reminder went out already for its current deadline. A missed day is caught up with the
reminder due by then. The RectificationReminder row's unique constraint (rectification,
threshold, deadline) makes each reminder go once however often, or however concurrently,
the job runs; an extended deadline starts the reminders afresh.
"""

from collections import Counter
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core import audit
from core.notifications import notify
from responsibilities.services.lists import discipline_secretary_of

from ..models import Rectification, RectificationReminder

Threshold = RectificationReminder.Threshold


def _windows(today: date) -> dict[str, Q]:
    """Return, for each threshold, the deadlines of rectifications that reached it today."""

    def due_in(first: int, last: int) -> Q:
        return Q(
            due_on__range=(today + timedelta(days=first), today + timedelta(days=last))
        )

    return {
        Threshold.OVERDUE: Q(due_on__lt=today),
        Threshold.ONE_DAY: due_in(0, 1),
        Threshold.THREE_DAYS: due_in(2, 3),
        Threshold.SEVEN_DAYS: due_in(4, 7),
    }


def send_due_reminders(*, today: date) -> int:
    """Send the reminders due today; return how many went out.

    Overdue rectifications are also reported to the discipline secretary over their
    unit, one notice per unit. One audit entry records each run and its counts.
    """
    sent: Counter[str] = Counter()
    overdue: dict[int, list[Rectification]] = {}
    for threshold, window in _windows(today).items():
        already = RectificationReminder.objects.filter(
            rectification=OuterRef("pk"), threshold=threshold, due_on=OuterRef("due_on")
        )
        rectifications = (
            Rectification.objects.pending()
            .filter(window)
            .filter(~Exists(already))
            .select_related("finding__unit", "responsible__user")
        )
        for rectification in rectifications.iterator(chunk_size=500):
            if _remind(rectification, threshold):
                sent[threshold] += 1
                if threshold == Threshold.OVERDUE:
                    unit_id = rectification.finding.unit_id
                    overdue.setdefault(unit_id, []).append(rectification)
    notices = sum(_notify_discipline_secretary(items) for items in overdue.values())
    audit.record(
        action=audit.CoreAuditAction.REMINDER_SEND,
        detail={
            "kind": "rectification",
            "sent": dict(sent),
            "discipline_notices": notices,
        },
    )
    return sum(sent.values())


@transaction.atomic
def _remind(rectification: Rectification, threshold: str) -> bool:
    """Record the reminder and notify the responsible official; False if another run
    already did."""
    try:
        with transaction.atomic():
            RectificationReminder.objects.create(
                rectification=rectification,
                threshold=threshold,
                due_on=rectification.due_on,
            )
    except IntegrityError:
        return False
    user = rectification.responsible.user
    if user is not None and user.is_active:
        notify(user=user, **_reminder_text(rectification, threshold))
    return True


def _reminder_text(rectification: Rectification, threshold: str) -> dict[str, str]:
    values = {
        "unit": rectification.finding.unit.name,
        "deadline": rectification.due_on.isoformat(),
    }
    if threshold == Threshold.OVERDUE:
        title = _("Overdue: the rectification at %(unit)s is not done") % values
        body = _("The deadline was %(deadline)s. Please submit the completion report.")
    else:
        title = _("Rectification at %(unit)s due on %(deadline)s") % values
        body = _("Please submit the completion report by %(deadline)s.")
    body = body % values + "\n\n" + rectification.finding.description
    return {"title": title, "body": body, "url": rectification.get_absolute_url()}


@transaction.atomic
def _notify_discipline_secretary(rectifications: list[Rectification]) -> int:
    """Tell the unit's discipline secretary what is overdue; 1 if someone was told."""
    unit = rectifications[0].finding.unit
    secretary = discipline_secretary_of(unit)
    if secretary is None or secretary.user is None or not secretary.user.is_active:
        return 0
    values = {"unit": unit.name, "count": len(rectifications)}
    title = _("%(unit)s: %(count)d rectifications overdue") % values
    body = "\n".join(
        f"{item.due_on.isoformat()} {item.responsible.name}: "
        f"{item.finding.description[:60]}"
        for item in rectifications
    )
    url = reverse("inspections:rectification_board") + f"?unit={unit.pk}"
    notify(user=secretary.user, title=title, body=body, url=url)
    return 1
