"""Withdrawing a wrong letter, and issuing its replacement: both stay on record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.http import AuthenticatedHttpRequest

from ..forms.campaigns import WithdrawalForm
from ..models import Letter
from ..services.campaigns import withdraw_letter


@login_required
@permission_required("commitments.withdraw_letter", raise_exception=True)
@require_http_methods(["GET", "POST"])
def letter_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(
        Letter.objects.visible_to(request.user).select_related(
            "campaign", "addressee", "unit", "signature", "withdrawn_by"
        ),
        pk=pk,
    )
    form = WithdrawalForm(request.POST or None)
    if form.is_valid():
        try:
            result = withdraw_letter(
                letter=letter,
                reason=form.cleaned_data["reason"],
                reissue=form.cleaned_data["reissue"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            message = (
                _("The letter is withdrawn and a new one issued to %(name)s.")
                if result.pk != letter.pk
                else _("The letter to %(name)s is withdrawn.")
            )
            messages.success(request, message % {"name": letter.addressee.name})
            return redirect(result)
    context = {"letter": letter, "form": form}
    return render(request, "commitments/letter_withdraw.html", context)
