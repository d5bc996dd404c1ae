"""Walk the whole signature chain and name the first broken link, if any."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Letter, Signature, SignOff
from commitments.services.signing import first_broken_link


def describe(signature: Signature) -> str:
    """Return what the signature signs, as staff would look it up."""
    try:
        letter = Letter.objects.select_related("campaign", "addressee").get(
            signature=signature
        )
    except Letter.DoesNotExist:
        pass
    else:
        return _("letter #%(pk)d: %(campaign)s, addressed to %(name)s") % {
            "pk": letter.pk,
            "campaign": letter.campaign.title,
            "name": letter.addressee.name,
        }
    sign_off = SignOff.objects.filter(signature=signature).first()
    if sign_off is not None:
        return _("sign-off #%(pk)d: %(sign_off)s") % {
            "pk": sign_off.pk,
            "sign_off": sign_off,
        }
    return _("no letter or sign-off points at it")


def predecessor_note(signature: Signature) -> str:
    """Point at the signature before when the link to it fails: whoever rewrote that
    one and its hash left this one pointing at the old hash."""
    previous = Signature.objects.filter(sequence=signature.sequence - 1).first()
    if previous is None or previous.content_hash == signature.previous_hash:
        return ""
    note = _(
        "The signature before it, %(sequence)d (code %(code)s), may have been "
        "rewritten with a new hash: check it too."
    )
    return " " + note % {"sequence": previous.sequence, "code": previous.code}


class Command(BaseCommand):
    help = (
        "Recompute every signature's hash in chain order and check each link to the "
        "one before; exit with an error naming the first broken link."
    )

    def handle(self, *args, **options) -> None:
        broken = first_broken_link()
        if broken is not None:
            signature = broken.signature
            message = _(
                "Chain broken at signature %(sequence)d (code %(code)s, signed by "
                "%(signer)s at %(signed_at)s): %(document)s. Reason: %(reason)s."
            ) % {
                "sequence": signature.sequence,
                "code": signature.code,
                "signer": signature.signer_name,
                "signed_at": timezone.localtime(signature.signed_at).isoformat(),
                "document": describe(signature),
                "reason": broken.reason,
            }
            raise CommandError(message + predecessor_note(signature))
        count = Signature.objects.count()
        message = _("Chain intact: %(count)d signatures") % {"count": count}
        self.stdout.write(self.style.SUCCESS(message))
