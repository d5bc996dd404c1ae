"""Campaigns: their list, their form, issuing their letters, and their progress page."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import AuthenticatedHttpRequest
from core.models import BackgroundJob
from core.submissions import create_once
from responsibilities.models import Official, Unit

from ..forms.campaigns import CampaignFilter, CampaignForm
from ..models import Campaign, Letter
from ..models.letters import LetterQuerySet
from ..services.campaigns import save_campaign, start_issuing

PAGE_SIZE = 50
# Pixels per unit's bar and for the axis and legend: the chart grows with the units.
CHART_BAR_HEIGHT, CHART_AXIS_HEIGHT = 24, 80
SIGNED, ISSUED = Letter.Status.SIGNED, Letter.Status.ISSUED


def _visible_letters(user: User) -> LetterQuerySet:
    """The live letters the user may count: a township's staff see their township's."""
    return Letter.objects.visible_to(user).live()


def _may_manage(user: User, campaign: Campaign) -> bool:
    """Return whether the user may edit and issue the campaign: all its units (or, for a
    campaign to every unit, the whole tree) must be in their scope."""
    if not user.has_perm("commitments.change_campaign"):
        return False
    hidden = Unit.objects.exclude(pk__in=Unit.objects.visible_to(user))
    if campaign.units.exists():
        hidden = hidden.filter(pk__in=campaign.units.all())
    return not hidden.exists()


def _get_managed_campaign(request: AuthenticatedHttpRequest, pk: int) -> Campaign:
    campaign = get_object_or_404(
        Campaign.objects.visible_to(request.user).select_related("template"), pk=pk
    )
    if not _may_manage(request.user, campaign):
        raise PermissionDenied
    return campaign


@login_required
@permission_required("commitments.view_campaign", raise_exception=True)
def campaign_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    letters = Q(letters__in=_visible_letters(request.user))
    campaigns = (
        Campaign.objects.visible_to(request.user)
        .select_related("template")
        .annotate(
            letter_count=Count("letters", filter=letters),
            signed_count=Count("letters", filter=letters & Q(letters__status=SIGNED)),
        )
        # Aggregation drops Meta.ordering, so the order is given again here.
        .order_by("-year", "-deadline", "-pk")
    )
    campaigns = CampaignFilter(request.GET, queryset=campaigns)
    page = Paginator(campaigns.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filter": campaigns, "page": page}
    return render(request, "commitments/campaign_list.html", context)


@login_required
@permission_required("commitments.add_campaign", raise_exception=True)
@create_once
def campaign_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, user=request.user)
    return _save_form(request, form, heading=_("New campaign"), cancel_url=None)


@login_required
@permission_required("commitments.change_campaign", raise_exception=True)
def campaign_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = _get_managed_campaign(request, pk)
    form = CampaignForm(request.POST or None, instance=campaign, user=request.user)
    heading = _("Edit campaign: %(title)s") % {"title": campaign.title}
    return _save_form(request, form, heading=heading, cancel_url=campaign)


def _save_form(
    request: AuthenticatedHttpRequest, form: CampaignForm, *, heading: str, cancel_url
) -> HttpResponse:
    if form.is_valid():
        try:
            campaign = save_campaign(
                campaign=form.instance,
                actor=request.user,
                units=form.cleaned_data["units"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Campaign “%(title)s” saved.") % {"title": campaign}
            )
            return redirect(campaign)
    context = {
        "form": form,
        "heading": heading,
        "cancel_url": cancel_url.get_absolute_url()
        if cancel_url
        else reverse("commitments:campaign_list"),
    }
    return render(request, "form_page.html", context)


@dataclass
class UnitProgress:
    """One unit's row on the progress page."""

    unit_id: int
    name: str
    signed: int
    unsigned: int
    is_overdue: bool

    @property
    def total(self) -> int:
        return self.signed + self.unsigned

    @property
    def overdue(self) -> int:
        return self.unsigned if self.is_overdue else 0

    @property
    def percent(self) -> int:
        return round(100 * self.signed / self.total) if self.total else 0


def progress_by_unit(
    letters: QuerySet[Letter], *, is_overdue: bool
) -> list[UnitProgress]:
    """Return signed and unsigned counts for each unit, in one query."""
    rows = (
        letters.values("unit", "unit__name", "unit__short_name")
        .annotate(
            signed=Count("pk", filter=Q(status=SIGNED)),
            unsigned=Count("pk", filter=Q(status=ISSUED)),
        )
        .order_by("unit__order", "unit__name", "unit")
    )
    return [
        UnitProgress(
            unit_id=row["unit"],
            name=row["unit__short_name"] or row["unit__name"],
            signed=row["signed"],
            unsigned=row["unsigned"],
            is_overdue=is_overdue,
        )
        for row in rows
    ]


def chart_data(units: list[UnitProgress]) -> dict:
    """Return the stacked bar chart's labels and series, for json_script."""
    return {
        "labels": [unit.name for unit in units],
        "series": [
            {
                "label": _("Signed"),
                "data": [u.signed for u in units],
                "color": "#198754",
            },
            {
                "label": _("Unsigned"),
                "data": [u.unsigned - u.overdue for u in units],
                "color": "#adb5bd",
            },
            {
                "label": _("Overdue"),
                "data": [u.overdue for u in units],
                "color": "#dc3545",
            },
        ],
    }


@login_required
@permission_required("commitments.view_campaign", raise_exception=True)
def campaign_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(
        Campaign.objects.visible_to(request.user).select_related("template"), pk=pk
    )
    is_overdue = campaign.deadline < timezone.localdate()
    letters = _visible_letters(request.user).filter(campaign=campaign)
    units = progress_by_unit(letters, is_overdue=is_overdue)
    unsigned = letters.unsigned().select_related("addressee", "unit")
    page = Paginator(unsigned, PAGE_SIZE).get_page(request.GET.get("page"))
    may_manage = _may_manage(request.user, campaign)
    context = {
        "campaign": campaign,
        "is_overdue": is_overdue,
        "units": units,
        "totals": _totals(units, is_overdue),
        "chart": chart_data(units),
        "page": page,
        "chart_height": CHART_BAR_HEIGHT * len(units) + CHART_AXIS_HEIGHT,
        "campaign_units": campaign.units.all(),
        "rank_labels": [Official.Rank(rank).label for rank in campaign.ranks],
        "subject_labels": [
            Official.Subject(subject).label for subject in campaign.subjects
        ],
        "export_formats": [
            ("pdf", _("Signed letters (PDF)")),
            ("zip", _("Signed letters (zip)")),
        ],
        "may_manage": may_manage,
        "not_issued": _not_issued_count(campaign) if may_manage else None,
        "job": _own_job(request),
    }
    return render(request, "commitments/campaign_detail.html", context)


def _totals(units: list[UnitProgress], is_overdue: bool) -> UnitProgress:
    return UnitProgress(
        unit_id=0,
        name="",
        signed=sum(unit.signed for unit in units),
        unsigned=sum(unit.unsigned for unit in units),
        is_overdue=is_overdue,
    )


def _not_issued_count(campaign: Campaign) -> int:
    """Return how many of the rule's addressees have no live letter yet."""
    live = campaign.letters.live().values("addressee")
    return campaign.addressees().exclude(pk__in=live).count()


def _own_job(request: AuthenticatedHttpRequest) -> BackgroundJob | None:
    """The issuing job the user just started, whose progress bar the page shows."""
    job_id = request.GET.get("job", "")
    if not job_id.isdecimal():
        return None
    return BackgroundJob.objects.filter(pk=job_id, created_by=request.user).first()


@login_required
@permission_required("commitments.change_campaign", raise_exception=True)
@require_POST
def campaign_issue(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = _get_managed_campaign(request, pk)
    job = start_issuing(campaign=campaign, actor=request.user)
    messages.success(request, _("Issuing the letters has started."))
    return redirect(f"{campaign.get_absolute_url()}?job={job.pk}")
