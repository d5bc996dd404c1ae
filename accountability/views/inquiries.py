"""一案双查: opening the double inquiry of a case or finding, the gaps, one inquiry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.http import AuthenticatedHttpRequest
from inspections.models import Finding

from ..forms import add_errors
from ..forms.inquiries import ClearInquiryForm, DoubleInquiryForm, InquiryGapFilter
from ..models import Case, Inquiry
from ..services.inquiries import (
    Proposal,
    clear_inquiry,
    open_double_inquiry,
    propose_double_inquiry,
)
from .cases import get_readable_case

PAGE_SIZE = 50
Status = Inquiry.Status


def _report_opened(
    request: AuthenticatedHttpRequest, opened: list[Inquiry], existing: bool
) -> None:
    if opened:
        messages.success(
            request,
            ngettext(
                "%(count)d inquiry opened.", "%(count)d inquiries opened.", len(opened)
            )
            % {"count": len(opened)},
        )
    elif existing:
        messages.info(request, _("Every leader chosen already has an inquiry."))
    else:
        messages.warning(
            request,
            _(
                "Nobody signed for or held duties in the unit that year: "
                "no inquiry was opened."
            ),
        )


def _render_proposal(
    request: AuthenticatedHttpRequest, proposal: Proposal, form: DoubleInquiryForm
) -> HttpResponse:
    context = {"case": proposal.case, "proposal": proposal, "form": form}
    return render(request, "accountability/inquiry_proposal.html", context)


@login_required
@permission_required("accountability.add_inquiry", raise_exception=True)
def case_inquiry_proposal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Who the case's double inquiry will ask and why, to confirm before opening."""
    proposal = propose_double_inquiry(case=get_readable_case(request, pk))
    return _render_proposal(request, proposal, DoubleInquiryForm(proposal=proposal))


@login_required
@permission_required("accountability.add_inquiry", raise_exception=True)
@require_POST
def case_open_inquiry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = get_readable_case(request, pk)
    proposal = propose_double_inquiry(case=case)
    form = DoubleInquiryForm(request.POST, proposal=proposal)
    if form.is_valid():
        try:
            opened = open_double_inquiry(
                case=case,
                actor=request.user,
                added=form.added(),
                shown=form.cleaned_data["shown"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            existing = Inquiry.objects.filter(case=case).count() > len(opened)
            _report_opened(request, opened, existing)
            return redirect(case)
    # The proposal as it stands now, with what the user chose kept.
    return _render_proposal(request, proposal, form)


@login_required
@permission_required("accountability.add_inquiry", raise_exception=True)
@require_POST
def finding_open_inquiry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    finding = get_object_or_404(Finding.objects.visible_to(request.user), pk=pk)
    try:
        opened = open_double_inquiry(finding=finding, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        existing = Inquiry.objects.filter(finding=finding).count() > len(opened)
        _report_opened(request, opened, existing)
    return redirect(finding)


@login_required
@permission_required("accountability.view_inquiry", raise_exception=True)
def inquiry_gaps(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Cases whose double inquiry was never opened, or still has open inquiries."""
    concluded = [Status.HELD_ACCOUNTABLE, Status.NOT_RESPONSIBLE]
    cases = (
        Case.objects.visible_to(request.user)
        .select_related("unit")
        .annotate(
            open_count=Count("inquiries", filter=Q(inquiries__status=Status.OPEN)),
            concluded_count=Count(
                "inquiries", filter=Q(inquiries__status__in=concluded)
            ),
        )
        .filter(Q(open_count__gt=0) | Q(open_count=0, concluded_count=0))
        # Meta.ordering does not apply to an aggregate query: say it again.
        .order_by("-year", "-sequence")
    )
    cases = InquiryGapFilter(request.GET, queryset=cases, user=request.user)
    page = Paginator(cases.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filter": cases, "page": page}
    return render(request, "accountability/inquiry_list.html", context)


def _render_detail(
    request: AuthenticatedHttpRequest, inquiry: Inquiry, form: ClearInquiryForm
) -> HttpResponse:
    context = {
        "inquiry": inquiry,
        "duties": inquiry.duties.select_related("responsibility_list__unit", "holder"),
        "signatures": inquiry.signatures.select_related("letter__campaign", "sign_off"),
        "form": form,
        "can_conclude": inquiry.is_open()
        and request.user.has_perm("accountability.change_inquiry"),
        "can_hold_accountable": inquiry.is_open()
        and request.user.has_perm("accountability.add_accountabilityaction"),
        "history": inquiry.history.select_related("history_user")[:20],
        "opens_finding": Finding.objects.readable_by(request.user)
        .filter(pk=inquiry.finding_id)
        .exists(),
    }
    return render(request, "accountability/inquiry_detail.html", context)


def _get_inquiry(request: AuthenticatedHttpRequest, pk: int) -> Inquiry:
    inquiries = Inquiry.objects.visible_to(request.user).select_related(
        "official__unit", "unit", "case", "finding", "action", "concluded_by"
    )
    return get_object_or_404(inquiries, pk=pk)


@login_required
@permission_required("accountability.view_inquiry", raise_exception=True)
def inquiry_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _get_inquiry(request, pk), ClearInquiryForm())


@login_required
@permission_required("accountability.change_inquiry", raise_exception=True)
@require_POST
def inquiry_clear(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    inquiry = _get_inquiry(request, pk)
    form = ClearInquiryForm(request.POST)
    if form.is_valid():
        try:
            clear_inquiry(
                inquiry=inquiry,
                reasons=form.cleaned_data["reasons"],
                actor=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("No responsibility found: inquiry concluded."))
            return redirect(inquiry)
    return _render_detail(request, inquiry, form)
