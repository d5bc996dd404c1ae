"""The signer's letters: read them, write personal commitments, preview and sign."""

from dataclasses import dataclass
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.http import AuthenticatedHttpRequest

from ..forms.letters import (
    DraftForm,
    PersonalTextField,
    SignOptionsForm,
    preview_digest,
)
from ..forms.signing import SignatureForm
from ..models import Letter, LetterKind, Signature
from ..services.drafts import DraftConflict, save_draft
from ..services.signing import sign_letter

# The big columns of a signature (the drawn PNG, the full text) stay in the database
# wherever a page only lists letters.
SIGNATURE_DEFERRED = ["signature__drawn_signature", "signature__body"]
STATUS_ORDER = Case(
    When(status=Letter.Status.ISSUED, then=Value(0)),
    When(status=Letter.Status.SIGNED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class LetterDocument:
    """The letter as a document: frozen from its signature once signed, else as it reads
    today for its addressee."""

    title: str
    body: str
    personal_text: str
    name: str
    unit: str
    post: str
    signature: Signature | None = None

    @property
    def body_lines(self) -> list[str]:
        return [line for line in self.body.splitlines() if line.strip()]

    @property
    def personal_lines(self) -> list[str]:
        return [line for line in self.personal_text.splitlines() if line.strip()]

    @classmethod
    def preview(cls, letter: Letter, personal_text: str) -> "LetterDocument":
        return cls(
            title=letter.render_title(),
            body=letter.render_body(),
            personal_text=personal_text,
            name=letter.addressee.name,
            unit=letter.addressee.unit.name,
            post=letter.addressee.post,
        )

    @classmethod
    def of(cls, letter: Letter, *, show_draft: bool) -> "LetterDocument":
        """Return what the letter says; a draft's personal part only to its writer."""
        signature = letter.signature
        if signature is None:
            return cls.preview(letter, letter.personal_text if show_draft else "")
        return cls(
            title=signature.title,
            body=signature.body,
            personal_text=signature.personal_text,
            name=signature.signer_name,
            unit=signature.unit_name,
            post=signature.post,
            signature=signature,
        )


def _my_letters(user) -> QuerySet[Letter]:
    return Letter.objects.addressed_to(user).select_related(
        "campaign__template", "addressee__unit", "unit", "signature"
    )


@login_required
def letter_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's own letters: those to sign first, then signed, then withdrawn."""
    letters = (
        _my_letters(request.user)
        .defer(*SIGNATURE_DEFERRED)
        .order_by(STATUS_ORDER, "campaign__deadline", "-issued_at", "pk")
    )
    sections: dict[str, list[Letter]] = {status: [] for status in Letter.Status.values}
    for letter in letters:
        sections[letter.status].append(letter)
    context = {
        "to_sign": sections[Letter.Status.ISSUED],
        "signed": sections[Letter.Status.SIGNED],
        "withdrawn": sections[Letter.Status.WITHDRAWN],
    }
    return render(request, "commitments/letter_list.html", context)


def _replacement(letter: Letter) -> Letter | None:
    try:
        return letter.replaced_by
    except Letter.DoesNotExist:
        return None


def _separate_duties(letter: Letter) -> list:
    """Return the duties to list under an acknowledgement whose text does not name them."""
    if letter.is_signed() or letter.campaign.kind != LetterKind.ACKNOWLEDGEMENT:
        return []
    if "{duties}" in letter.campaign.template.body:
        return []
    return list(letter.duties())


@login_required
def letter_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(
        Letter.objects.visible_to(request.user).select_related(
            "campaign__template",
            "addressee__unit",
            "unit",
            "signature",
            "replaces",
            "withdrawn_by",
        ),
        pk=pk,
    )
    return _letter_page(request, letter)


def _letter_page(
    request: AuthenticatedHttpRequest,
    letter: Letter,
    *,
    draft_form: DraftForm | None = None,
    conflict: DraftConflict | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the letter's page; `conflict` is the refusal of `draft_form`'s save, with
    the draft saved elsewhere meanwhile, shown beside the writer's text."""
    is_addressee = letter.addressee.user_id == request.user.pk
    may_sign = is_addressee and letter.status == Letter.Status.ISSUED
    writes_draft = may_sign and letter.has_personal_part()
    if writes_draft and draft_form is None:
        draft_form = DraftForm(
            initial={
                "personal_text": letter.personal_text,
                "revision": letter.draft_revision,
            }
        )
    context = {
        "letter": letter,
        # The draft is in its text box on this page, not in the document above it.
        "document": LetterDocument.of(
            letter, show_draft=is_addressee and not writes_draft
        ),
        "duties": _separate_duties(letter),
        "is_addressee": is_addressee,
        "may_sign": may_sign,
        "draft_form": draft_form if writes_draft else None,
        "conflict": conflict,
        "error": " ".join(conflict.messages) if conflict else "",
        "replacement": _replacement(letter),
        "verify_url": (
            request.build_absolute_uri(
                reverse("public:verify", args=[letter.signature.code])
            )
            if letter.signature
            else ""
        ),
    }
    return render(request, "commitments/letter_detail.html", context, status=status)


@login_required
@require_POST
def letter_draft(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Save the personal commitments typed so far: by htmx as they type, or by a button.

    A save based on an older revision than the stored one is refused (409) and
    answered with both texts, the writer's still in its box."""
    letter = get_object_or_404(_my_letters(request.user), pk=pk)
    form = DraftForm(request.POST)
    error, conflict = "", None
    if form.is_valid():
        try:
            save_draft(
                letter=letter,
                user=request.user,
                personal_text=form.cleaned_data["personal_text"],
                based_on=form.based_on(),
            )
        except DraftConflict as refusal:
            error, conflict = " ".join(refusal.messages), refusal
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
    else:
        error = " ".join(
            str(message) for field in form.errors.values() for message in field
        )
    if request.htmx:
        context = {
            "letter": letter,
            "error": error,
            "conflict": conflict,
            # What the tab's next save is based on: still the old revision after a
            # refusal, so autosave cannot replace the text it has not merged yet.
            "revision": request.POST.get("revision", "")
            if error
            else letter.draft_revision,
        }
        status = 409 if conflict else 400 if error else 200
        return render(request, "commitments/_draft_status.html", context, status=status)
    if conflict:
        return _letter_page(
            request, letter, draft_form=form, conflict=conflict, status=409
        )
    if error:
        messages.error(request, error)
        return redirect(letter)
    if request.POST.get("next") == "sign":
        return redirect("commitments:letter_sign", pk=letter.pk)
    messages.success(request, _("Draft saved."))
    return redirect(letter)


def _sign_page(
    request: AuthenticatedHttpRequest,
    letter: Letter,
    options: SignOptionsForm,
    form: SignatureForm,
) -> HttpResponse:
    field = cast(PersonalTextField, options.fields["personal_text"])
    personal_text = field.to_python(options["personal_text"].value())
    context = {
        "letter": letter,
        "document": LetterDocument.preview(letter, personal_text),
        "digest": preview_digest(letter, personal_text),
        "options": options,
        "form": form,
    }
    return render(request, "commitments/letter_sign.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def letter_sign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Preview exactly what will be frozen, then sign it with the password again."""
    letter = get_object_or_404(_my_letters(request.user), pk=pk)
    if letter.status != Letter.Status.ISSUED:
        messages.error(request, _("This letter can no longer be signed."))
        return redirect(letter)
    if request.method == "GET":
        if letter.has_personal_part() and not letter.personal_text.strip():
            messages.warning(
                request, _("Write your personal commitments before signing.")
            )
            return redirect(letter)
        initial = {"personal_text": letter.personal_text}
        options = SignOptionsForm(initial=initial, letter=letter)
        return _sign_page(request, letter, options, SignatureForm(user=request.user))
    options = SignOptionsForm(request.POST, letter=letter)
    form = SignatureForm(request.POST, user=request.user)
    if options.is_valid() and form.is_valid():
        try:
            sign_letter(
                letter=letter,
                signer=request.user,
                personal_text=options.cleaned_data["personal_text"],
                drawn_signature=form.cleaned_data["drawn_signature"],
                is_public=options.cleaned_data.get("is_public", False),
            )
        except ValidationError as refusal:
            options.add_error(None, refusal)
        else:
            messages.success(
                request,
                _(
                    "Signed. Keep the verification code below, and download the PDF "
                    "for your records."
                ),
            )
            return redirect(letter)
    return _sign_page(request, letter, options, form)
