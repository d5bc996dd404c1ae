"""Notices (文书): drafting from the kind's template, numbering on issue, acknowledgement.

Each change writes an audit event; the history tables keep the field-by-field detail.
"""

from collections.abc import Iterable
from datetime import date, datetime
from typing import cast

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit, dates, history
from core.audit import Actor
from core.documents.placeholders import fill_placeholders
from core.errors import NotPermitted
from core.notifications import notify
from responsibilities.models import Official, Unit
from responsibilities.models.organisation import home_unit

from ..audit import InspectionsAuditAction
from ..models import Finding, Notice, NoticeKind, NoticeNumber, NoticeTemplate
from .findings import SECRET_FINDING

NOTICE_PLACEHOLDERS = {
    "recipient": gettext_lazy("the unit or leader addressed"),
    "findings": gettext_lazy("the findings, numbered"),
    "due_on": gettext_lazy("the response deadline"),
    "year": gettext_lazy("the year"),
}


def _document_date(day: date | None) -> str:
    # The body is a document in the deployment's language whoever drafts it.
    if day is None:
        return ""
    with translation.override(settings.LANGUAGE_CODE):
        return formats.date_format(day, "DATE_FORMAT")


def numbered(findings: Iterable[Finding]) -> str:
    """Return the findings' descriptions as "1. …" lines, as a document lists them."""
    return "\n".join(
        f"{index}. {finding.description.strip()}"
        for index, finding in enumerate(findings, start=1)
    )


def render_template(notice: Notice, findings: list[Finding]) -> tuple[str, str]:
    """Return the title and body the kind's template gives this notice."""
    template = NoticeTemplate.objects.filter(kind=notice.kind).first()
    if template is None:
        # Translated now: the title is stored text, in the language of the request.
        return str(NoticeKind(notice.kind).label), numbered(findings)
    recipient = notice.recipient_unit or notice.recipient_leader
    values = {
        "recipient": recipient.name if recipient else "",
        "findings": numbered(findings),
        "due_on": _document_date(notice.response_due_on),
        "year": str(timezone.localdate().year),
    }
    return template.title, fill_placeholders(template.body, values)


def check_findings(*, notice: Notice, findings: list[Finding], actor: User) -> None:
    """Refuse findings the actor may not see, or about units the notice is not for.

    A notice to a unit covers that unit and the units below it (a township's stations);
    a work recommendation to a leader covers whichever units their findings concern.
    """
    visible = Finding.objects.visible_to(actor).filter(pk__in=[f.pk for f in findings])
    if visible.count() != len({f.pk for f in findings}):
        raise NotPermitted
    # Whoever sees the notice reads its findings: a draft, all staff of the issuer.
    _refuse_secret_findings(findings)
    recipient = notice.recipient_unit
    if recipient is None:
        return
    strangers = [f for f in findings if not f.unit.is_under(recipient)]
    if strangers:
        raise ValidationError(
            _("Some findings concern other units than %(recipient)s: %(units)s."),
            params={
                "recipient": recipient,
                "units": "、".join(sorted({str(f.unit) for f in strangers})),
            },
        )


def _refuse_secret_findings(findings: Iterable[Finding]) -> None:
    secret = Finding.objects.secret().filter(pk__in=[f.pk for f in findings])
    if secret.exists():
        raise ValidationError(SECRET_FINDING)


def _check_scope(notice: Notice, actor: User) -> None:
    """Refuse a notice whose issuer or recipient is outside the actor's scope."""
    if bool(notice.recipient_unit_id) == bool(notice.recipient_leader_id):
        raise ValidationError(_("Address the notice to a unit or to a leader."))
    # One of the two, as checked above.
    addressed = (
        notice.recipient_unit_id or cast(Official, notice.recipient_leader).unit_id
    )
    wanted = {notice.issuer_id, addressed}
    if Unit.objects.visible_to(actor).filter(pk__in=wanted).count() != len(wanted):
        raise NotPermitted


def _save_draft(*, notice: Notice, findings: list[Finding], actor: User) -> Notice:
    _check_scope(notice, actor)
    check_findings(notice=notice, findings=findings, actor=actor)
    title, body = render_template(notice, findings)
    notice.title = notice.title.strip() or title
    notice.body = notice.body.strip() or body
    history.attribute(notice, to=actor)
    notice.save()
    notice.findings.set(findings)
    audit.record(action=InspectionsAuditAction.NOTICE_SAVE, user=actor, target=notice)
    return notice


@transaction.atomic
def draft_notice(*, notice: Notice, findings: Iterable[Finding], actor: User) -> Notice:
    """Save a new draft; a blank title or text is filled from the kind's template."""
    if notice.issuer_id is None:
        notice.issuer = home_unit(actor) if actor else None
        if notice.issuer is None:
            raise ValidationError(_("Your account has no unit to issue notices from."))
    notice.created_by = actor
    notice.status = Notice.Status.DRAFT
    return _save_draft(notice=notice, findings=list(findings), actor=actor)


@transaction.atomic
def update_draft(*, notice: Notice, findings: Iterable[Finding], actor: User) -> Notice:
    """Save changes to a draft; an issued notice is refused. A blank title or text is
    filled again from the template."""
    # Locked, so that an issue at the same moment cannot be overwritten by this draft.
    if Notice.objects.select_for_update().get(pk=notice.pk).is_issued():
        raise NotPermitted(_("An issued notice cannot be changed."))
    return _save_draft(notice=notice, findings=list(findings), actor=actor)


def _next_number(kind: str, year: int) -> int:
    """Take the kind's next number of the year, holding its sequence row until commit.

    get_or_create inserts in a savepoint and reads the row again when a concurrent first
    issue of the year inserted it first; the lock then makes later issues wait in turn,
    and a rollback gives the number back, so numbers have no gaps.
    """
    NoticeNumber.objects.get_or_create(kind=kind, year=year)
    sequence = NoticeNumber.objects.select_for_update().get(kind=kind, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


@transaction.atomic
def issue_notice(
    *, notice: Notice, actor: User, issued_at: datetime | None = None
) -> Notice:
    """Issue a draft: give it the next number of its kind and year, and tell the
    recipient. From now on it cannot change.

    `issued_at` registers a notice issued on paper at that time (an archive): it takes
    that year's next number and notifies no one, the paper having reached its recipient.
    """
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.is_issued():
        raise ValidationError(_("This notice is already issued."))
    _check_scope(notice, actor)
    _refuse_secret_findings(notice.findings.all())
    is_archive = issued_at is not None
    if issued_at is not None and issued_at > timezone.now():
        raise ValidationError(
            _("A notice from the archive cannot be dated later than now.")
        )
    issued_at = issued_at or timezone.now()
    notice.year = timezone.localdate(issued_at).year
    notice.sequence = _next_number(notice.kind, notice.year)
    number_format = settings.NOTICE_NUMBER_FORMATS[notice.kind]
    notice.number = number_format.format(year=notice.year, number=notice.sequence)
    notice.status = Notice.Status.ISSUED
    notice.issued_at = issued_at
    notice.is_from_archive = is_archive
    notice.issued_by = actor
    history.attribute(notice, to=actor)
    notice.save()
    audit.record(
        action=InspectionsAuditAction.NOTICE_ISSUE,
        user=actor,
        target=notice,
        detail={"number": notice.number, "from_archive": is_archive},
    )
    if not is_archive:
        _notify_recipient(notice)
    return notice


def recipient_users(notice: Notice) -> list[User]:
    """Return who answers for the recipient: the unit's active party secretary (its
    main leader with an account), or the leader addressed."""
    if notice.recipient_leader is not None:
        user = notice.recipient_leader.user
        return [user] if user and notice.recipient_leader.is_active else []
    secretaries = Official.objects.active().filter(
        unit_id=notice.recipient_unit_id,
        subject=Official.Subject.MAIN_LEADER,
        user__isnull=False,
    )
    return [official.user for official in secretaries.select_related("user")]


def _notify_recipient(notice: Notice) -> None:
    title = _("Notice %(number)s received: %(title)s") % {
        "number": notice.number,
        "title": notice.title,
    }
    body = _("Please read it and acknowledge receipt.")
    for user in recipient_users(notice):
        notify(user=user, title=title, body=body, url=notice.get_absolute_url())


def answers_for(user: User, notice: Notice) -> bool:
    """Return whether the user answers for the notice's recipient (queries its
    officials)."""
    return user.is_authenticated and any(
        recipient.pk == user.pk for recipient in recipient_users(notice)
    )


def can_acknowledge(user: User, notice: Notice) -> bool:
    return notice.status == Notice.Status.ISSUED and answers_for(user, notice)


@transaction.atomic
def acknowledge_notice(
    *, notice: Notice, actor: User, acknowledged_on: date | None = None
) -> Notice:
    """Record that the recipient received the notice; only once, only by them.

    `acknowledged_on` registers the receipt signed on the paper of a notice from the
    archive, on that day: not before the notice was issued, nor in the future.
    """
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if not answers_for(actor, notice):
        raise NotPermitted
    if not notice.is_issued():
        raise ValidationError(_("This notice is not issued yet."))
    if notice.status == Notice.Status.ACKNOWLEDGED:
        raise ValidationError(_("Receipt of this notice is already acknowledged."))
    notice.status = Notice.Status.ACKNOWLEDGED
    notice.acknowledged_at = _acknowledged_at(notice, acknowledged_on)
    notice.acknowledged_by = actor
    history.attribute(notice, to=actor)
    notice.save(update_fields=Notice.ACKNOWLEDGEMENT_FIELDS)
    detail = {"on_paper": acknowledged_on.isoformat()} if acknowledged_on else {}
    audit.record(
        action=InspectionsAuditAction.NOTICE_ACKNOWLEDGE,
        user=actor,
        target=notice,
        detail=detail,
    )
    return notice


def _acknowledged_at(notice: Notice, acknowledged_on: date | None) -> datetime:
    """Return when the receipt counts from: now, or the paper's day for an archive's."""
    if acknowledged_on is None:
        return timezone.now()
    if not notice.is_from_archive:
        raise ValidationError(_("Only a notice from the archive is received on paper."))
    # Only an issued notice is acknowledged, so it has its issue time.
    issued_at = cast(datetime, notice.issued_at)
    issued_on = timezone.localdate(issued_at)
    if not issued_on <= acknowledged_on <= timezone.localdate():
        raise ValidationError(
            _("A paper is received between the notice's issue and today.")
        )
    return max(dates.paper_moment(acknowledged_on), issued_at)


@transaction.atomic
def save_template(*, template: NoticeTemplate, actor: Actor) -> NoticeTemplate:
    """Save an edited notice template; drafts made from now on read its new text."""
    history.attribute(template, to=actor)
    template.save()
    audit.record(
        action=InspectionsAuditAction.NOTICE_TEMPLATE_CHANGE,
        user=actor,
        target=template,
    )
    return template
