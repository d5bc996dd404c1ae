"""Reminders of problem clues left unassigned or undisposed past the set days
(ordered distribution, 有序发放). The ClueReminder row's unique constraint (clue,
reason) makes each reminder go once however often, or however concurrently, the
daily job runs."""

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from core import audit
from core.notifications import notify
from responsibilities.models import Unit

from ..models import Clue, ClueReminder


def _leaders() -> list[User]:
    """Return the active users who may assign clues, through a role or directly."""
    users = get_user_model().objects.filter(is_active=True)
    holds = Q(
        groups__permissions__codename="assign_clue",
        groups__permissions__content_type__app_label="accountability",
    ) | Q(
        user_permissions__codename="assign_clue",
        user_permissions__content_type__app_label="accountability",
    )
    return list(users.filter(holds).distinct())


def send_clue_reminders(*, today: date) -> int:
    """Remind of clues overdue today: the handler of one not disposed of, the leaders
    of its scope of one not assigned. Each clue is reminded once per reason, however
    often the job runs; return how many reminders went out."""
    reasons = {
        ClueReminder.Reason.UNASSIGNED: Clue.Status.UNASSIGNED,
        ClueReminder.Reason.UNDISPOSED: Clue.Status.ASSIGNED,
    }
    leaders = [
        (user, set(Unit.objects.visible_to(user).values_list("pk", flat=True)))
        for user in _leaders()
    ]
    sent = 0
    for reason, status in reasons.items():
        already = ClueReminder.objects.filter(clue=OuterRef("pk"), reason=reason)
        clues = (
            Clue.objects.overdue(today)
            .filter(status=status)
            .filter(~Exists(already))
            .select_related("unit", "handler")
            .order_by("received_on", "pk")
        )
        for clue in clues:
            if reason == ClueReminder.Reason.UNDISPOSED:
                recipients = [clue.handler] if clue.handler.is_active else []
            else:
                recipients = [user for user, units in leaders if clue.unit_id in units]
            sent += _remind(clue, reason, recipients, today)
    audit.record(
        action=audit.CoreAuditAction.REMINDER_SEND,
        detail={"kind": "clue", "sent": sent},
    )
    return sent


@transaction.atomic
def _remind(clue: Clue, reason: str, recipients: list[User], today: date) -> int:
    """Record the reminder and notify; 0 if another run already did."""
    try:
        with transaction.atomic():
            ClueReminder.objects.create(clue=clue, reason=reason)
    except IntegrityError:
        return 0
    values = {"number": clue.number, "unit": clue.unit.name}
    if reason == ClueReminder.Reason.UNASSIGNED:
        title = _("Clue %(number)s (%(unit)s) waits for a handler") % values
    else:
        title = _("Clue %(number)s (%(unit)s) waits for its disposal") % values
    days = (today - clue.received_on).days
    body = _("Received %(days)d days ago.") % {"days": days} + "\n\n" + clue.summary
    for user in recipients:
        notify(user=user, title=title, body=body, url=clue.get_absolute_url())
    return 1
