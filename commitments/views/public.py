"""What anyone may read without an account: verification and the public commitment board."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.documents.verification import normalise_verification_code
from core.public import public_page

from ..forms.letters import CommitmentBoardFilter, VerificationCodeForm
from ..models import GENESIS_HASH, Letter, Signature

BOARD_PAGE_SIZE = 20
KIOSK_PAGE_SIZE = 4
# Long enough to read four commitments standing in front of the screen.
KIOSK_SECONDS_PER_PAGE = 20


@public_page(
    title=_("Verify a signed document"),
    description=_(
        "Type the code printed on a commitment, acknowledgement or sign-off to see "
        "whether it is intact and who signed it when."
    ),
    icon="bi-shield-check",
)
def verify_lookup(request: HttpRequest) -> HttpResponse:
    form = VerificationCodeForm(request.GET or None)
    if form.is_valid():
        return redirect("public:verify", code=form.cleaned_data["code"])
    return render(request, "public/verify_lookup.html", {"form": form})


def _holds_its_place(signature: Signature) -> bool:
    """Return whether the signature extends the one before it, and the one after it (if
    any) still extends it: rewriting a signature together with its hash shows too."""
    if signature.sequence == 1:
        follows = signature.previous_hash == GENESIS_HASH
    else:
        follows = Signature.objects.filter(
            sequence=signature.sequence - 1, content_hash=signature.previous_hash
        ).exists()
    successor = (
        Signature.objects.filter(sequence=signature.sequence + 1)
        .values_list("previous_hash", flat=True)
        .first()
    )
    return follows and successor in (None, signature.content_hash)


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Say whether the document with this code is intact, who signed it and when: no more."""
    signature = Signature.objects.filter(code=normalise_verification_code(code)).first()
    if signature is None:
        context = {"code": code, "form": VerificationCodeForm()}
        return render(request, "public/verify.html", context, status=404)
    context = {
        "signature": signature,
        "is_intact": signature.is_intact() and _holds_its_place(signature),
    }
    return render(request, "public/verify.html", context)


def _published_letters(request: HttpRequest) -> CommitmentBoardFilter:
    data = request.GET.copy()
    data.setdefault("year", str(timezone.localdate().year))
    letters = (
        Letter.objects.published()
        .select_related("signature", "unit")
        .defer("signature__drawn_signature", "signature__body")
        .order_by("unit__order", "unit__name", "unit_id", "signature__signer_name")
    )
    return CommitmentBoardFilter(data, queryset=letters)


def _year(letters: CommitmentBoardFilter) -> int | None:
    return letters.form.cleaned_data.get("year") if letters.is_valid() else None


def _page(letters: QuerySet[Letter], size: int, number: str | None) -> Page:
    return Paginator(letters, size).get_page(number)


@public_page(
    title=_("Public commitments"),
    description=_(
        "The integrity commitments officials signed and agreed to make public, by unit."
    ),
    icon="bi-megaphone",
)
def board(request: HttpRequest) -> HttpResponse:
    """The public notice board of commitments their signers agreed to publish."""
    letters = _published_letters(request)
    page = _page(letters.qs, BOARD_PAGE_SIZE, request.GET.get("page"))
    context = {"filter": letters, "page": page, "year": _year(letters)}
    return render(request, "public/commitment_board.html", context)


@public_page(
    title=_("Public commitments on a screen"),
    description=_(
        "The same commitments, full screen and turning pages by themselves, for a "
        "screen in a hall."
    ),
    icon="bi-display",
)
def kiosk(request: HttpRequest) -> HttpResponse:
    """The board full-screen for a touch screen in a hall: it turns its pages itself."""
    letters = _published_letters(request)
    page = _page(letters.qs, KIOSK_PAGE_SIZE, request.GET.get("page"))
    last = page.paginator.num_pages
    context = {
        "filter": letters,
        "page": page,
        "year": _year(letters),
        "next_number": page.number % last + 1,
        "previous_number": (page.number - 2) % last + 1,
        "seconds": KIOSK_SECONDS_PER_PAGE,
    }
    return render(request, "public/commitment_kiosk.html", context)
