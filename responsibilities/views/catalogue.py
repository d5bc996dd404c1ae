"""The catalogues: duties (9/4/4/6), the 40 bottom lines, portfolio areas."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.forms import ModelForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import AuthenticatedHttpRequest
from core.submissions import create_once

from ..forms.catalogue import (
    FIRST_YEAR,
    LAST_YEAR,
    BottomLineForm,
    CatalogueCopyForm,
    DutyTemplateForm,
    PortfolioAreaForm,
)
from ..models import (
    STANDARD_BOTTOM_LINE_COUNT,
    STANDARD_DUTY_COUNTS,
    BottomLine,
    DutyTemplate,
    PortfolioArea,
    Subject,
)
from ..services import catalogue as services

PAGE_SIZE = 50
EDIT_CATALOGUE = (
    "responsibilities.add_dutytemplate",
    "responsibilities.add_bottomline",
)


@dataclass
class SubjectGroup:
    """One subject's entries of a year's catalogue, with the count the city's opinion sets."""

    subject: Subject
    entries: list = field(default_factory=list)
    standard: int | None = None

    @property
    def count(self) -> int:
        return len(self.entries)

    @property
    def deviates(self) -> bool:
        return self.standard is not None and self.count != self.standard


def _group(entries: list, standards: dict | None = None) -> list[SubjectGroup]:
    # In the order of the subjects, not the alphabetical order of their database values.
    groups = {
        subject: SubjectGroup(subject, standard=(standards or {}).get(subject))
        for subject in Subject
    }
    for entry in entries:
        groups[entry.subject].entries.append(entry)
    return list(groups.values())


def _catalogue_years() -> list[int]:
    years = set(DutyTemplate.objects.years()) | set(BottomLine.objects.years())
    return sorted(years, reverse=True)


def _requested_year(request: AuthenticatedHttpRequest, years: list[int]) -> int:
    """Return the ?year= asked for, else the latest year with a catalogue, else this year."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year is not None and FIRST_YEAR <= year <= LAST_YEAR:
        return year
    return years[0] if years else timezone.localdate().year


def _catalogue_url(year: int, anchor: str = "") -> str:
    url = f"{reverse('responsibilities:catalogue')}?year={year}"
    return f"{url}#{anchor}" if anchor else url


@login_required
@permission_required("responsibilities.view_dutytemplate", raise_exception=True)
def catalogue(request: AuthenticatedHttpRequest) -> HttpResponse:
    years = _catalogue_years()
    year = _requested_year(request, years)
    duties = _group(list(DutyTemplate.objects.of_year(year)), STANDARD_DUTY_COUNTS)
    bottom_lines = list(BottomLine.objects.of_year(year))
    context = {
        "year": year,
        "years": sorted(set(years) | {year}, reverse=True),
        "next_year": year + 1,
        "can_copy": year in years
        and year + 1 not in years
        and request.user.has_perms(EDIT_CATALOGUE),
        "duty_groups": duties,
        "duty_deviates": any(group.deviates for group in duties),
        "bottom_line_groups": _group(bottom_lines),
        "bottom_line_count": len(bottom_lines),
        "bottom_line_standard": STANDARD_BOTTOM_LINE_COUNT,
        "bottom_line_deviates": len(bottom_lines) != STANDARD_BOTTOM_LINE_COUNT,
    }
    return render(request, "responsibilities/catalogue.html", context)


@login_required
@permission_required(EDIT_CATALOGUE, raise_exception=True)
@require_POST
def catalogue_copy(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CatalogueCopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid year to copy."))
        return redirect("responsibilities:catalogue")
    year = form.cleaned_data["year"]
    try:
        copied = services.copy_catalogue(
            from_year=year, to_year=year + 1, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_catalogue_url(year))
    message = _("Catalogue of %(year)s copied to %(next)s: %(count)d entries.")
    messages.success(
        request, message % {"year": year, "next": year + 1, "count": copied}
    )
    return redirect(_catalogue_url(year + 1))


def _edit_entry(
    request: AuthenticatedHttpRequest,
    form: ModelForm,
    *,
    # A service saving the form's entry: a duty or a bottom line, as the form is.
    save: Callable[[Any, User], DutyTemplate | BottomLine],
    section: str,
    heading: str,
    cancel_url: str,
) -> HttpResponse:
    """Validate and save a catalogue entry, then go back to its section of the catalogue."""
    if form.is_valid():
        entry = save(form.instance, request.user)
        messages.success(request, _("“%(entry)s” saved.") % {"entry": entry})
        return redirect(_catalogue_url(entry.year, f"{section}-{entry.subject}"))
    context = {"form": form, "heading": heading, "cancel_url": cancel_url}
    return render(request, "form_page.html", context)


def _new_entry_initial(
    request: AuthenticatedHttpRequest, model: type[DutyTemplate] | type[BottomLine]
) -> dict:
    """Prefill year and subject from the link, and the next free number."""
    year = _requested_year(request, _catalogue_years())
    subject = request.GET.get("subject")
    subject = subject if subject in Subject.values else Subject.COMMITTEE
    numbers = model.objects.of_year(year)
    if model is DutyTemplate:
        numbers = numbers.filter(subject=subject)
    last = numbers.order_by("-number").values_list("number", flat=True).first()
    return {"year": year, "subject": subject, "number": (last or 0) + 1}


def _save_duty(template: DutyTemplate, actor: User) -> DutyTemplate:
    return services.save_duty_template(template=template, actor=actor)


def _save_bottom_line(bottom_line: BottomLine, actor: User) -> BottomLine:
    return services.save_bottom_line(bottom_line=bottom_line, actor=actor)


@login_required
@permission_required("responsibilities.add_dutytemplate", raise_exception=True)
@create_once
def dutytemplate_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    initial = _new_entry_initial(request, DutyTemplate)
    form = DutyTemplateForm(request.POST or None, initial=initial)
    return _edit_entry(
        request,
        form,
        save=_save_duty,
        section="duties",
        heading=_("New duty"),
        cancel_url=_catalogue_url(initial["year"]),
    )


@login_required
@permission_required("responsibilities.change_dutytemplate", raise_exception=True)
def dutytemplate_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(DutyTemplate, pk=pk)
    form = DutyTemplateForm(request.POST or None, instance=template)
    return _edit_entry(
        request,
        form,
        save=_save_duty,
        section="duties",
        heading=_("Edit duty: %(title)s") % {"title": template.title},
        cancel_url=_catalogue_url(template.year, f"duties-{template.subject}"),
    )


@login_required
@permission_required("responsibilities.add_bottomline", raise_exception=True)
@create_once
def bottomline_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    initial = _new_entry_initial(request, BottomLine)
    form = BottomLineForm(request.POST or None, initial=initial)
    return _edit_entry(
        request,
        form,
        save=_save_bottom_line,
        section="bottom-lines",
        heading=_("New bottom line"),
        cancel_url=_catalogue_url(initial["year"]),
    )


@login_required
@permission_required("responsibilities.change_bottomline", raise_exception=True)
def bottomline_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    bottom_line = get_object_or_404(BottomLine, pk=pk)
    form = BottomLineForm(request.POST or None, instance=bottom_line)
    return _edit_entry(
        request,
        form,
        save=_save_bottom_line,
        section="bottom-lines",
        heading=_("Edit bottom line %(number)s") % {"number": bottom_line.number},
        cancel_url=_catalogue_url(
            bottom_line.year, f"bottom-lines-{bottom_line.subject}"
        ),
    )


@login_required
@permission_required("responsibilities.view_portfolioarea", raise_exception=True)
def area_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Aggregation drops Meta.ordering, so the order is given again here.
    areas = PortfolioArea.objects.annotate(holders=Count("portfolios")).order_by(
        "-is_forbidden_to_discipline_heads", "name", "pk"
    )
    page = Paginator(areas, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "responsibilities/area_list.html", {"page": page})


def _edit_area(
    request: AuthenticatedHttpRequest, form: PortfolioAreaForm, heading: str
) -> HttpResponse:
    if form.is_valid():
        area = services.save_area(area=form.instance, actor=request.user)
        messages.success(
            request, _("Portfolio area “%(name)s” saved.") % {"name": area}
        )
        return redirect("responsibilities:area_list")
    context = {
        "form": form,
        "heading": heading,
        "cancel_url": reverse("responsibilities:area_list"),
    }
    return render(request, "form_page.html", context)


@login_required
@permission_required("responsibilities.add_portfolioarea", raise_exception=True)
@create_once
def area_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PortfolioAreaForm(request.POST or None)
    return _edit_area(request, form, _("New portfolio area"))


@login_required
@permission_required("responsibilities.change_portfolioarea", raise_exception=True)
def area_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area = get_object_or_404(PortfolioArea, pk=pk)
    form = PortfolioAreaForm(request.POST or None, instance=area)
    return _edit_area(
        request, form, _("Edit portfolio area: %(name)s") % {"name": area}
    )
