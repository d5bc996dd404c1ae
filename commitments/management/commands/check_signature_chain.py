"""Walk the whole signature chain and name the first broken link, if any."""

from django.core.management.base import BaseCommand, CommandError

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
        return (
            f"letter #{letter.pk}: {letter.campaign.title}, "
            f"addressed to {letter.addressee.name}"
        )
    sign_off = SignOff.objects.filter(signature=signature).first()
    if sign_off is not None:
        return f"sign-off #{sign_off.pk}: {sign_off}"
    return "no letter or sign-off points at it"


def predecessor_note(signature: Signature) -> str:
    """Point at the signature before when the link to it fails: whoever rewrote that
    one and its hash left this one pointing at the old hash."""
    previous = Signature.objects.filter(sequence=signature.sequence - 1).first()
    if previous is None or previous.content_hash == signature.previous_hash:
        return ""
    return (
        f" The signature before it, {previous.sequence} (code {previous.code}), "
        "may have been rewritten with a new hash: check it too."
    )


class Command(BaseCommand):
    help = (
        "Recompute every signature's hash in chain order and check each link to the "
        "one before; exit with an error naming the first broken link."
    )

    def handle(self, *args, **options) -> None:
        broken = first_broken_link()
        if broken is not None:
            signature = broken.signature
            raise CommandError(
                f"Chain broken at signature {signature.sequence} "
                f"(code {signature.code}, signed by {signature.signer_name} "
                f"at {signature.signed_at.isoformat()}): {describe(signature)}. "
                f"Reason: {broken.reason}.{predecessor_note(signature)}"
            )
        count = Signature.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Chain intact: {count} signatures"))
