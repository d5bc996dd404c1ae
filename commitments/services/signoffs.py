"""Sign-offs (签字背书): a leader's signed opinion on a list's breakdown or a duty report.

Who signs:
- a list's breakdown: any active leader of the list's unit (its main leader, a team
  member or its discipline head) linked to the signing account, each of them once. The
  first sign-off fixes the duties: the list is no longer generated again or edited, so
  what every signer vouched for stays true.
- a duty report: only the unit's party secretary (its active main leader), once. The
  report is their account of the main responsibility, and their sign-off is what
  submits it; a whole-year report is the unit's year-end summary.

Anyone else is refused (NotPermitted). The signed text is the record as it reads at
that moment, frozen in the one signature chain that letters use. A report signed off on
paper is registered from the archive by those who run the commitments work, with the
paper's date beside the registration's own time.
"""

import hashlib
from datetime import date
from typing import cast

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import audit, dates, history
from core.errors import NotPermitted
from responsibilities.models import (
    Duty,
    DutyGroup,
    DutyReport,
    Official,
    ResponsibilityList,
    Subject,
    Unit,
    duty_groups,
)

from ..audit import CommitmentsAuditAction
from ..models import Signature, SignOff
from ..models.signoffs import signing_leader, signing_secretary
from .signing import PaperRecord, SignedContent, append_signature


@transaction.atomic
def sign_off_list(
    *,
    responsibility_list: ResponsibilityList,
    signer: User,
    opinion: str,
    drawn_signature: str = "",
    previewed: str = "",
) -> SignOff:
    """Sign off the list's breakdown as one of its unit's leaders; fix its duties."""
    # Locked until the end of the transaction: no duty changes under the signer's pen.
    responsibility_list = (
        ResponsibilityList.objects.select_for_update()
        .select_related("unit")
        .get(pk=responsibility_list.pk)
    )
    official = signing_leader(responsibility_list, signer)
    if official is None:
        raise NotPermitted(
            _("Only the leaders of %(unit)s can sign off its list.")
            % {"unit": responsibility_list.unit.name}
        )
    duties = list(responsibility_list.duties.select_related("holder", "area"))
    if not duties:
        raise ValidationError(
            _("An empty list cannot be signed off: generate it first.")
        )
    sign_off = _sign(
        record={"responsibility_list": responsibility_list},
        unit=responsibility_list.unit,
        kind=SignOff.Kind.BREAKDOWN,
        document=list_document(responsibility_list, duties),
        official=official,
        signer=signer,
        opinion=opinion,
        drawn_signature=drawn_signature,
        previewed=previewed,
    )
    if not responsibility_list.is_signed_off():
        responsibility_list.signed_off_at = sign_off.signature.signed_at
        history.attribute(responsibility_list, to=signer)
        responsibility_list.save(update_fields=["signed_off_at", "updated_at"])
    return sign_off


@transaction.atomic
def sign_off_report(
    *,
    duty_report: DutyReport,
    signer: User,
    opinion: str,
    drawn_signature: str = "",
    previewed: str = "",
) -> SignOff:
    """Sign off a draft report as its unit's party secretary: this submits it."""
    report = (
        DutyReport.objects.select_for_update()
        .select_related("unit")
        .get(pk=duty_report.pk)
    )
    official = signing_secretary(report, signer)
    if official is None:
        raise NotPermitted(
            _("Only the party secretary of %(unit)s can sign off its report.")
            % {"unit": report.unit.name}
        )
    return _submit_report(
        report,
        official=official,
        signer=signer,
        actor=signer,
        opinion=opinion,
        drawn_signature=drawn_signature,
        previewed=previewed,
    )


@transaction.atomic
def register_paper_report_sign_off(
    *,
    duty_report: DutyReport,
    secretary: Official,
    actor: User,
    signed_on: date,
    opinion: str,
) -> SignOff:
    """Register from the archive a report that `secretary`, its unit's party secretary,
    signed off on paper on `signed_on`, which submitted it that day; the signature is
    theirs and says who registered it. Those who run the commitments work register the
    papers of units in their scope."""
    if not actor.has_perm("commitments.add_campaign"):
        raise NotPermitted
    report = (
        DutyReport.objects.visible_to(actor)
        .select_for_update(of=("self",))
        .select_related("unit")
        .filter(pk=duty_report.pk)
        .first()
    )
    if report is None:
        raise NotPermitted
    is_its_secretary = (
        secretary.unit_id == report.unit_id
        and secretary.subject == Official.Subject.MAIN_LEADER
        and secretary.user_id is not None
    )
    if not is_its_secretary:
        raise ValidationError(
            _("A report is signed off by its unit's party secretary, with an account.")
        )
    if signed_on.year < report.year or signed_on > timezone.localdate():
        raise ValidationError(
            _("A report is signed off on paper between its year and today.")
        )
    return _submit_report(
        report,
        official=secretary,
        signer=cast(User, secretary.user),  # the check above: it has an account
        actor=actor,
        opinion=opinion,
        paper=PaperRecord(signed_on=signed_on, registered_by=actor),
    )


def _submit_report(
    report: DutyReport,
    *,
    official: Official,
    signer: User,
    actor: User,
    opinion: str,
    drawn_signature: str = "",
    previewed: str = "",
    paper: PaperRecord | None = None,
) -> SignOff:
    if report.is_submitted():
        raise ValidationError(_("This report is already signed off and submitted."))
    kind = (
        SignOff.Kind.YEAR_END_SUMMARY
        if report.is_year_end_summary()
        else SignOff.Kind.DUTY_REPORT
    )
    sign_off = _sign(
        record={"duty_report": report},
        unit=report.unit,
        kind=kind,
        document=report_document(report),
        official=official,
        signer=signer,
        opinion=opinion,
        drawn_signature=drawn_signature,
        previewed=previewed,
        paper=paper,
    )
    report.status = DutyReport.Status.SUBMITTED
    report.submitted_at = (
        dates.paper_moment(paper.signed_on) if paper else sign_off.signature.signed_at
    )
    history.attribute(report, to=actor)
    report.save(update_fields=["status", "submitted_at", "updated_at"])
    audit.record(action=CommitmentsAuditAction.REPORT_SUBMIT, user=actor, target=report)
    return sign_off


def _sign(
    *,
    record: dict[str, ResponsibilityList | DutyReport],
    unit: Unit,
    kind: str,
    document: tuple[str, str],
    official: Official,
    signer: User,
    opinion: str,
    drawn_signature: str,
    previewed: str,
    paper: PaperRecord | None = None,
) -> SignOff:
    """Chain the signature of the document (title, text) with the official's opinion and
    file the sign-off; refuse an empty opinion, a document that changed since the signer
    read it (when `previewed` gives its fingerprint), or a second sign-off of the record
    by the same official."""
    opinion = opinion.strip()
    if not opinion:
        raise ValidationError(_("Write your opinion before signing off."))
    if previewed and previewed != document_digest(document):
        raise ValidationError(
            _("The record changed after you opened this page: read it again and sign.")
        )
    twice = _("You have already signed this off.")
    if SignOff.objects.filter(official=official, **record).exists():
        raise ValidationError(twice)
    title, body = document
    content = SignedContent(
        kind=Signature.Kind.SIGN_OFF,
        title=title,
        body=body,
        personal_text=opinion,
        official=official,
        drawn_signature=drawn_signature,
    )
    signature = append_signature(signer=signer, content=content, paper=paper)
    try:
        # A savepoint: a concurrent second sign-off meets the unique constraint.
        with transaction.atomic():
            sign_off = SignOff.objects.create(
                unit=unit,
                official=official,
                signature=signature,
                kind=kind,
                opinion=opinion,
                **record,
            )
    except IntegrityError:
        raise ValidationError(twice) from None
    detail = {"code": signature.code, "kind": kind}
    if paper:
        detail["signed_on_paper"] = paper.signed_on.isoformat()
    audit.record(
        action=CommitmentsAuditAction.SIGN_OFF,
        user=paper.registered_by if paper else signer,
        target=sign_off,
        detail=detail,
    )
    return sign_off


def document_digest(document: tuple[str, str]) -> str:
    """Return a fingerprint of a document (title, text) as the signer reads it."""
    title, body = document
    return hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()


def list_document(
    responsibility_list: ResponsibilityList, duties: list[Duty]
) -> tuple[str, str]:
    """Return the title and text a sign-off of the list's breakdown freezes.

    Rendered in the site's language, not the signer's browser's: a signed document
    reads the same for everyone who checks it.
    """
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(unit)s %(year)s responsibility list breakdown: sign-off") % {
            "unit": responsibility_list.unit.name,
            "year": responsibility_list.year,
        }
        return title, list_text(responsibility_list, duties)


def report_document(report: DutyReport) -> tuple[str, str]:
    """Return the title and text a sign-off of the report freezes (queries its files)."""
    with translation.override(settings.LANGUAGE_CODE):
        return report_title(report), report_text(report)


def list_text(responsibility_list: ResponsibilityList, duties: list[Duty]) -> str:
    """Return the breakdown as it reads on the list: every duty under its holder, with
    its measures, targets and deadline."""
    lines = [
        _("%(unit)s: responsibility list for %(year)s")
        % {"unit": responsibility_list.unit.name, "year": responsibility_list.year}
    ]
    for group in duty_groups(duties):
        lines += ["", f"{group.subject_label}: {_holder_line(group)}"]
        for duty in group.duties:
            lines.append(f"{duty.number}. {duty.text}")
            lines += _duty_details(duty)
    return "\n".join(lines)


def _holder_line(group: DutyGroup) -> str:
    if group.holder is not None:
        return f"{group.holder.name}（{group.holder.post}）"
    if group.subject == Subject.COMMITTEE:
        return _("the leadership team")
    return _("post vacant")


def _duty_details(duty: Duty) -> list[str]:
    details = [
        (_("Concrete measures"), duty.measures),
        (_("Targets"), duty.targets),
        (_("Deadline"), duty.due_on.isoformat() if duty.due_on else ""),
    ]
    return [f"    {label}: {value or '—'}" for label, value in details]


def report_title(report: DutyReport) -> str:
    values = {
        "unit": report.unit.name,
        "year": report.year,
        "period": report.get_period_display(),
    }
    if report.is_year_end_summary():
        return _("%(unit)s %(year)s year-end summary: sign-off") % values
    return _("%(unit)s %(year)s %(period)s duty report: sign-off") % values


def report_text(report: DutyReport) -> str:
    """Return the report's text, then each attached file with its size and SHA-256, so
    the signature also proves which files were behind it."""
    heading = f"{report.unit.name} {report.year} {report.get_period_display()}"
    lines = [heading, "", report.text.strip()]
    attachments = list(report.attachments.all())
    if attachments:
        lines += ["", _("Attachments:")]
    for position, attachment in enumerate(attachments, start=1):
        lines.append(
            f"{position}. {attachment.original_name} ({attachment.size} B, "
            f"SHA-256 {_file_hash(attachment.file)})"
        )
    return "\n".join(lines)


def _file_hash(file) -> str:
    digest = hashlib.sha256()
    with file.open("rb") as opened:
        for chunk in opened.chunks():
            digest.update(chunk)
    return digest.hexdigest()
