"""Notices (文书): drafting, issuing with a number, acknowledgement, the PDF."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.documents.pdf import new_printer, paragraphs, pdf_response
from core.http import AuthenticatedHttpRequest
from core.submissions import create_once
from responsibilities.models.organisation import sees_all_units

from ..forms.notices import NoticeFilter, NoticeForm, NoticeTemplateForm
from ..models import Finding, Inspection, Notice, NoticeTemplate
from ..models.notices import NoticeQuerySet
from ..services.notices import (
    NOTICE_PLACEHOLDERS,
    acknowledge_notice,
    can_acknowledge,
    draft_notice,
    issue_notice,
    save_template,
    update_draft,
)

PAGE_SIZE = 50
# A recipient's list puts what still awaits their acknowledgement first.
AWAITING_FIRST = Case(
    When(status=Notice.Status.ISSUED, then=Value(0)),
    default=Value(1),
    output_field=IntegerField(),
)


def _visible(user: User) -> NoticeQuerySet:
    return Notice.objects.visible_to(user).select_related(
        "issuer", "recipient_unit", "recipient_leader__unit"
    )


@login_required
@permission_required("inspections.view_notice", raise_exception=True)
def notice_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Staff see every notice in scope, drafts first; a recipient sees those addressed
    to them, those awaiting acknowledgement first."""
    is_staff = request.user.has_perm("inspections.add_notice") or sees_all_units(
        request.user
    )
    notices = _visible(request.user)
    if is_staff:
        notices = notices.order_by(F("issued_at").desc(nulls_first=True), "-pk")
    else:
        notices = notices.issued().order_by(AWAITING_FIRST, "-issued_at", "-pk")
    notices = NoticeFilter(request.GET, queryset=notices, user=request.user)
    page = Paginator(notices.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filter": notices, "page": page, "is_staff": is_staff}
    return render(request, "inspections/notice_list.html", context)


def _initial_from_query(request: AuthenticatedHttpRequest) -> dict:
    """Pre-select an inspection's or a finding's findings and, when they concern one
    unit, that unit as the recipient."""
    findings = Finding.objects.visible_to(request.user)
    inspection_pk = request.GET.get("inspection", "")
    finding_pk = request.GET.get("finding", "")
    if inspection_pk.isdecimal():
        inspection = get_object_or_404(
            Inspection.objects.visible_to(request.user), pk=inspection_pk
        )
        findings = findings.filter(inspection=inspection).exclude(
            status__in=Finding.FINAL_STATUSES
        )
    elif finding_pk.isdecimal():
        findings = findings.filter(pk=finding_pk)
    else:
        return {}
    findings = list(findings)
    units = {finding.unit_id for finding in findings}
    initial = {"findings": findings}
    if len(units) == 1:
        initial["recipient_unit"] = units.pop()
    return initial


@login_required
@permission_required("inspections.add_notice", raise_exception=True)
@create_once
def notice_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    initial = {} if request.method == "POST" else _initial_from_query(request)
    form = NoticeForm(request.POST or None, initial=initial, user=request.user)
    return _save_form(request, form, save=draft_notice, heading=_("New notice"))


def _get_draft(request: AuthenticatedHttpRequest, pk: int) -> Notice:
    notice = get_object_or_404(_visible(request.user), pk=pk)
    if notice.is_issued():
        raise PermissionDenied(_("An issued notice cannot be changed."))
    return notice


@login_required
@permission_required("inspections.change_notice", raise_exception=True)
def notice_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notice = _get_draft(request, pk)
    form = NoticeForm(request.POST or None, instance=notice, user=request.user)
    heading = _("Edit draft notice: %(title)s") % {"title": notice.title}
    return _save_form(request, form, save=update_draft, heading=heading)


def _save_form(
    request: AuthenticatedHttpRequest, form: NoticeForm, *, save, heading: str
):
    if form.is_valid():
        try:
            notice = save(
                notice=form.instance,
                findings=form.cleaned_data["findings"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Draft notice saved."))
            return redirect(notice)
    cancel_url = (
        form.instance.get_absolute_url()
        if form.instance.pk
        else reverse("inspections:notice_list")
    )
    context = {"form": form, "heading": heading, "cancel_url": cancel_url}
    return render(request, "form_page.html", context)


@login_required
@permission_required("inspections.view_notice", raise_exception=True)
def notice_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(
        _visible(request.user).select_related("issued_by", "acknowledged_by"), pk=pk
    )
    may_change = request.user.has_perm("inspections.change_notice")
    context = {
        "notice": notice,
        "findings": notice.findings.select_related("unit")
        .with_readability(request.user)
        .order_by("found_on", "pk"),
        "may_edit": may_change and not notice.is_issued(),
        "may_acknowledge": can_acknowledge(request.user, notice),
        "history": notice.history.select_related("history_user")[:20],
    }
    return render(request, "inspections/notice_detail.html", context)


@login_required
@permission_required("inspections.change_notice", raise_exception=True)
@require_POST
def notice_issue(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(Notice.objects.visible_to(request.user), pk=pk)
    try:
        notice = issue_notice(notice=notice, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Notice issued as %(number)s.") % {"number": notice.number}
        )
    return redirect(notice)


@login_required
@require_POST
def notice_acknowledge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(Notice.objects.visible_to(request.user), pk=pk)
    try:
        acknowledge_notice(notice=notice, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Receipt acknowledged."))
    return redirect(notice)


def print_notice(notice: Notice) -> bytes:
    """Return the issued notice as PDF, laid out as an official document (公文), in
    the deployment's language whoever prints it."""
    body_paragraphs = paragraphs(notice.body)
    recipient_line = f"{notice.recipient.name}："
    # The template's text opens with the salutation, which the layout prints apart.
    if body_paragraphs and body_paragraphs[0] == recipient_line:
        body_paragraphs = body_paragraphs[1:]
    context = {
        "notice": notice,
        "recipient_line": recipient_line,
        "paragraphs": body_paragraphs,
        "issued_on": timezone.localdate(notice.issued_at),
    }
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("inspections/pdf/notice.html", context)
    return new_printer().render(html)


@login_required
@permission_required("inspections.view_notice", raise_exception=True)
def notice_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The issued notice as an official document; a draft has none (404)."""
    notice = get_object_or_404(_visible(request.user).issued(), pk=pk)
    return pdf_response(
        request,
        lambda: print_notice(notice),
        filename=f"{notice.number}-{notice.recipient}.pdf",
    )


@login_required
@permission_required("inspections.view_noticetemplate", raise_exception=True)
def notice_template_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "templates": NoticeTemplate.objects.all(),
        "placeholders": NOTICE_PLACEHOLDERS,
    }
    return render(request, "inspections/noticetemplate_list.html", context)


@login_required
@permission_required("inspections.change_noticetemplate", raise_exception=True)
def notice_template_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(NoticeTemplate, pk=pk)
    form = NoticeTemplateForm(request.POST or None, instance=template)
    if form.is_valid():
        save_template(template=form.instance, actor=request.user)
        messages.success(
            request, _("Notice template “%(kind)s” saved.") % {"kind": template}
        )
        return redirect("inspections:notice_template_list")
    context = {
        "form": form,
        "heading": _("Edit notice template: %(kind)s") % {"kind": template},
        "cancel_url": reverse("inspections:notice_template_list"),
        "placeholders": NOTICE_PLACEHOLDERS,
    }
    return render(request, "inspections/noticetemplate_form.html", context)
