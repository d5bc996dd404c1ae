"""The signer's draft of their personal commitments, saved as they type."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Letter


def save_draft(*, letter: Letter, user: AbstractBaseUser, personal_text: str) -> Letter:
    """Keep the addressee's draft of an unsigned letter; anyone else gets a 404.

    One conditional UPDATE: a letter signed a moment ago matches no row, so a late
    autosave can never change what was signed. Drafts skip the change history on
    purpose: autosave would add a row per pause in typing, and what counts as evidence
    is the signed text, frozen in the signature.
    """
    if letter.addressee.user_id != user.pk:
        raise Http404
    saved_at = timezone.now()
    updated = Letter.objects.filter(
        pk=letter.pk, status=Letter.Status.ISSUED, signature__isnull=True
    ).update(personal_text=personal_text, draft_saved_at=saved_at)
    if not updated:
        raise ValidationError(
            _("This letter is signed or withdrawn: its text can no longer change.")
        )
    letter.personal_text = personal_text
    letter.draft_saved_at = saved_at
    return letter
