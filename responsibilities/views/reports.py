"""Duty reports (主体责任情况报告), review meetings (评议会) and the "三转" register."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.forms import BaseFormSet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import hooks
from core.http import AuthenticatedHttpRequest
from core.submissions import create_once
from core.text import join_words

from ..forms.lists import committee_units
from ..forms.reports import (
    PARTICIPANT_SUBJECTS,
    MeetingForm,
    PortfolioFilter,
    PortfolioForm,
    ProblemFormSet,
    ReportEditForm,
    ReportFilter,
    ReportForm,
    ReviewForm,
)
from ..models import DutyReport, Official, Period, Portfolio, ReviewMeeting, Unit
from ..services.reports import (
    breaching_areas,
    create_meeting,
    may_write_report,
    record_review,
    secretary_official,
    set_portfolios,
    update_report,
    write_report,
)

PAGE_SIZE = 50
REVIEW_PERMISSIONS = (
    "responsibilities.add_review",
    "responsibilities.add_reviewproblem",
)
PORTFOLIO_PERMISSIONS = (
    "responsibilities.add_portfolio",
    "responsibilities.delete_portfolio",
)
PROBLEMS_PREFIX = "problems"


@login_required
@permission_required("responsibilities.view_dutyreport", raise_exception=True)
def report_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    queryset = (
        DutyReport.objects.visible_to(request.user)
        .select_related("unit")
        .annotate(review_count=Count("reviews"))
        .order_by("-year", "period", "unit__order", "unit_id")
    )
    reports = ReportFilter(request.GET, queryset=queryset, user=request.user)
    page = Paginator(reports.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    chosen = reports.form.cleaned_data
    year = chosen.get("year") or timezone.localdate().year
    period = chosen.get("period") or Period.YEAR
    context = {
        "filter": reports,
        "page": page,
        # Who signed each report off (签字背书), kept by the commitments app.
        "signers": hooks.gather(hooks.Hook.REPORT_SIGNERS, request, list(page)),
        "coverage": _coverage(request.user, int(year), period),
        "can_write": secretary_official(request.user) is not None,
    }
    return render(request, "responsibilities/report_list.html", context)


def _coverage(user: User, year: int, period: str) -> dict:
    """Return which committee units in the user's scope have not submitted a report for
    the period: some of them may have a draft their secretary has not signed off yet."""
    units = committee_units(user)
    reports = DutyReport.objects.for_period(year, period)
    submitted = reports.submitted().values("unit_id")
    drafting = set(reports.drafts().values_list("unit_id", flat=True))
    missing = list(units.exclude(pk__in=submitted).order_by("order", "name", "pk"))
    total = units.count()
    done = total - len(missing)
    return {
        "year": year,
        "period": Period(period).label,
        "missing": missing,
        "drafting": drafting,
        "total": total,
        "reported": done,
        "percent": round(100 * done / total) if total else 0,
    }


@login_required
@permission_required("responsibilities.add_dutyreport", raise_exception=True)
@require_http_methods(["GET", "POST"])
@create_once
def report_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    secretary = secretary_official(request.user)
    if secretary is None:
        raise PermissionDenied
    form = ReportForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        try:
            report = write_report(
                unit=secretary.unit, written_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Draft saved. Sign it off to submit it to the review.")
            )
            return redirect(report)
    context = {"form": form, "secretary": secretary}
    return render(request, "responsibilities/report_form.html", context)


@login_required
@permission_required("responsibilities.add_dutyreport", raise_exception=True)
@require_http_methods(["GET", "POST"])
def report_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        DutyReport.objects.visible_to(request.user).select_related("unit"), pk=pk
    )
    secretary = secretary_official(request.user)
    if secretary is None or secretary.unit_id != report.unit_id:
        raise PermissionDenied
    if report.is_submitted():
        messages.error(
            request, _("The report is signed off and submitted: it cannot change.")
        )
        return redirect(report)
    form = ReportEditForm(
        request.POST or None, request.FILES or None, initial={"text": report.text}
    )
    if form.is_valid():
        try:
            update_report(report=report, actor=request.user, **form.cleaned_data)
        except ValidationError as error:  # signed off since the page was opened
            form.add_error(None, error)
        else:
            messages.success(request, _("Draft saved."))
            return redirect(report)
    context = {"form": form, "report": report, "secretary": secretary}
    return render(request, "responsibilities/report_form.html", context)


@login_required
@permission_required("responsibilities.view_dutyreport", raise_exception=True)
def report_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        DutyReport.objects.visible_to(request.user).select_related(
            "unit", "written_by"
        ),
        pk=pk,
    )
    reviews = report.reviews.select_related("meeting").prefetch_related("problems")
    is_draft = not report.is_submitted()
    context = {
        "report": report,
        "attachments": report.attachments.all(),
        "reviews": reviews,
        "may_edit": is_draft and may_write_report(request.user, report),
        # Its sign-offs (签字背书): the commitments app's, which submit a draft.
        "sign_off_blocks": hooks.gather(hooks.Hook.REPORT_SIGN_OFF, request, report),
    }
    return render(request, "responsibilities/report_detail.html", context)


@login_required
@permission_required("responsibilities.view_reviewmeeting", raise_exception=True)
def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Counted over a pk subquery: the scope's joins would otherwise inflate the counts.
    # The scope includes meetings the user created or where a participant is in scope,
    # so a meeting shows before its first review.
    meetings = (
        ReviewMeeting.objects.filter(
            pk__in=ReviewMeeting.objects.visible_to(request.user).values("pk")
        )
        .annotate(
            review_count=Count("reviews", distinct=True),
            participant_count=Count("participants", distinct=True),
        )
        .order_by("-held_on", "-pk")
    )
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "responsibilities/meeting_list.html", {"page": page})


@login_required
@permission_required("responsibilities.add_reviewmeeting", raise_exception=True)
@require_http_methods(["GET", "POST"])
@create_once
def meeting_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None, user=request.user)
    if form.is_valid():
        meeting = create_meeting(
            meeting=form.instance,
            participants=form.cleaned_data["participants"],
            actor=request.user,
        )
        messages.success(request, _("Review meeting created."))
        return redirect(meeting)
    context = {
        "form": form,
        "heading": _("New review meeting"),
        "cancel_url": reverse("responsibilities:meeting_list"),
    }
    return render(request, "form_page.html", context)


@login_required
@permission_required("responsibilities.view_reviewmeeting", raise_exception=True)
def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(ReviewMeeting.objects.visible_to(request.user), pk=pk)
    review_form = problems = None
    if _may_review_in(request.user, meeting):
        review_form = ReviewForm(user=request.user, meeting=meeting)
        problems = ProblemFormSet(prefix=PROBLEMS_PREFIX)
    return _render_meeting(request, meeting, review_form, problems)


@login_required
@permission_required(REVIEW_PERMISSIONS, raise_exception=True)
@require_POST
@create_once
def review_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(ReviewMeeting.objects.visible_to(request.user), pk=pk)
    if not _may_review_in(request.user, meeting):
        raise PermissionDenied
    form = ReviewForm(request.POST, user=request.user, meeting=meeting)
    problems = ProblemFormSet(request.POST, prefix=PROBLEMS_PREFIX)
    if all([form.is_valid(), problems.is_valid()]):
        try:
            record_review(
                meeting=meeting,
                report=form.cleaned_data["report"],
                comments=form.cleaned_data["comments"],
                rating=form.cleaned_data["rating"],
                problems=problems.cleaned_data,
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Review recorded."))
            return redirect(meeting)
    return _render_meeting(request, meeting, form, problems)


def _may_review_in(user: User, meeting: ReviewMeeting) -> bool:
    """Reviews are recorded by discipline staff who oversee the organising unit."""
    organisers = Unit.objects.visible_to(user).filter(pk=meeting.organiser_id)
    return user.has_perms(REVIEW_PERMISSIONS) and organisers.exists()


def _render_meeting(
    request: AuthenticatedHttpRequest,
    meeting: ReviewMeeting,
    review_form: ReviewForm | None,
    problems: BaseFormSet | None,
) -> HttpResponse:
    participants = meeting.participants.select_related("unit").order_by(
        "unit__order", "unit_id", Official.seniority(), "name", "pk"
    )
    reviews = list(
        meeting.reviews_visible_to(request.user)
        .select_related("report__unit")
        .prefetch_related("problems")
    )
    reports = [review.report for review in reviews]
    context = {
        "meeting": meeting,
        "participants": participants,
        "reviews": reviews,
        "signers": hooks.gather(hooks.Hook.REVIEWED_REPORT_SIGNERS, request, reports),
        "review_form": review_form,
        "problems": problems,
    }
    return render(request, "responsibilities/meeting_detail.html", context)


@login_required
@permission_required("responsibilities.view_portfolio", raise_exception=True)
def portfolio_register(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    breaches = (
        Portfolio.objects.visible_to(user)
        .breaches()
        .select_related("official__unit", "area")
        .order_by("official__unit__order", "official__unit_id", "official__name")
    )
    holders = Portfolio.objects.values("official_id")
    team = Q(is_active=True, subject__in=PARTICIPANT_SUBJECTS)
    officials = (
        Official.objects.visible_to(user)
        .filter(team | Q(pk__in=holders))
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "portfolios",
                queryset=Portfolio.objects.select_related("area").order_by(
                    "area__name"
                ),
            )
        )
        .order_by("unit__order", "unit_id", Official.seniority(), "name", "pk")
    )
    register = PortfolioFilter(request.GET, queryset=officials, user=user)
    page = Paginator(register.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    breaches = list(breaches)
    context = {
        "filter": register,
        "page": page,
        "breaches": breaches,
        "breach_ids": {portfolio.pk for portfolio in breaches},
    }
    return render(request, "responsibilities/portfolio_register.html", context)


@login_required
@permission_required(PORTFOLIO_PERMISSIONS, raise_exception=True)
@require_http_methods(["GET", "POST"])
def portfolio_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    official = get_object_or_404(
        Official.objects.visible_to(request.user).select_related("unit"), pk=pk
    )
    # Not `request.POST or None`: unticking every area posts no field at all.
    data = request.POST if request.method == "POST" else None
    form = PortfolioForm(data, official=official)
    if form.is_valid():
        breaching = set_portfolios(
            official=official, areas=form.cleaned_data["areas"], actor=request.user
        )
        messages.success(
            request, _("Portfolios of %(name)s saved.") % {"name": official.name}
        )
        if breaching:
            names = join_words(area.name for area in breaching)
            warning = _(
                "Under 三转 this is a breach, now listed in the register: %(areas)s."
            )
            messages.warning(request, warning % {"areas": names})
        return redirect("responsibilities:portfolio_register")
    held = [portfolio.area for portfolio in official.portfolios.select_related("area")]
    context = {
        "form": form,
        "official": official,
        "is_discipline_head": official.subject == Official.Subject.DISCIPLINE_HEAD,
        "breaching": breaching_areas(official=official, areas=held),
    }
    return render(request, "responsibilities/portfolio_form.html", context)
