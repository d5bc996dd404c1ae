"""Letter templates: administrators edit them; discipline staff read them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.http import AuthenticatedHttpRequest
from core.submissions import create_once

from ..forms.campaigns import LetterTemplateForm
from ..models import PLACEHOLDERS, LetterTemplate
from ..services.campaigns import save_template

# What the preview fills the placeholders with.
SAMPLE_VALUES = {
    "unit": "东湖镇",
    "name": "王建国",
    "post": "党委书记",
    "year": "2026",
    "duties": "1. 履行党风廉政建设第一责任人职责。\n2. 支持纪委开展监督执纪问责。",
}


@login_required
@permission_required("commitments.view_lettertemplate", raise_exception=True)
def template_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    templates = LetterTemplate.objects.annotate(
        campaign_count=Count("campaigns")
    ).order_by("kind", "-is_active", "name")
    context = {"templates": templates, "placeholders": PLACEHOLDERS}
    return render(request, "commitments/lettertemplate_list.html", context)


@login_required
@permission_required("commitments.add_lettertemplate", raise_exception=True)
@create_once
def template_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = LetterTemplateForm(request.POST or None)
    return _save_form(request, form, heading=_("New letter template"))


@login_required
@permission_required("commitments.change_lettertemplate", raise_exception=True)
def template_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(LetterTemplate, pk=pk)
    form = LetterTemplateForm(request.POST or None, instance=template)
    heading = _("Edit letter template: %(name)s") % {"name": template.name}
    return _save_form(request, form, heading=heading)


def _save_form(
    request: AuthenticatedHttpRequest, form: LetterTemplateForm, *, heading: str
) -> HttpResponse:
    if form.is_valid():
        template = save_template(template=form.instance, actor=request.user)
        messages.success(
            request, _("Letter template “%(name)s” saved.") % {"name": template}
        )
        return redirect("commitments:template_list")
    context = {
        "form": form,
        "heading": heading,
        "cancel_url": reverse("commitments:template_list"),
        "sample_values": SAMPLE_VALUES,
    }
    return render(request, "commitments/lettertemplate_form.html", context)
