"""The signer's draft of their personal commitments, saved as they type."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import NotFound

from ..models import Letter


class DraftConflict(ValidationError):
    """The draft was saved from elsewhere (another tab, another device) since the
    version a save was based on; `saved` is the letter as it stands now."""

    def __init__(self, saved: Letter) -> None:
        super().__init__(
            _(
                "Not saved: this draft was changed in another window since you opened "
                "it."
            ),
            code="conflict",
        )
        self.saved = saved


def save_draft(
    *,
    letter: Letter,
    user: User,
    personal_text: str,
    based_on: int | None = None,
) -> Letter:
    """Keep the addressee's draft of an unsigned letter; anyone else gets a 404.

    `based_on` is the draft revision the writer's page showed; if the draft has been
    saved since, nothing is saved and DraftConflict carries the newer text, so the
    writer can merge both. Without it the save is based on the current revision.

    One conditional UPDATE: a letter signed a moment ago matches no row, so a late
    autosave can never change what was signed. Drafts skip the change history on
    purpose: autosave would add a row per pause in typing, and what counts as evidence
    is the signed text, frozen in the signature.
    """
    if letter.addressee.user_id != user.pk:
        raise NotFound
    unsigned = Letter.objects.filter(
        pk=letter.pk, status=Letter.Status.ISSUED, signature__isnull=True
    )
    if based_on is None:
        based_on = unsigned.values_list("draft_revision", flat=True).first()
        if based_on is None:
            raise _signed_or_withdrawn()
    saved_at = timezone.now()
    updated = unsigned.filter(draft_revision=based_on).update(
        personal_text=personal_text,
        draft_saved_at=saved_at,
        draft_revision=F("draft_revision") + 1,
    )
    if not updated:
        saved = unsigned.first()
        if saved is None:
            raise _signed_or_withdrawn()
        raise DraftConflict(saved)
    letter.personal_text = personal_text
    letter.draft_saved_at = saved_at
    letter.draft_revision = based_on + 1
    return letter


def _signed_or_withdrawn() -> ValidationError:
    return ValidationError(
        _("This letter is signed or withdrawn: its text can no longer change.")
    )
