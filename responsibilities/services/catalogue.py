"""The catalogues: installing the defaults, copying a year to the next, saving edits.

Copies and edits write an audit event (installing the shipped defaults does not); the
history (simple_history) keeps the field-by-field detail.
"""

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core import audit, history
from core.audit import Actor

from .. import default_catalogue
from ..audit import ResponsibilitiesAuditAction
from ..models import BottomLine, DutyTemplate, PortfolioArea

ModelT = TypeVar("ModelT", bound=models.Model)


def _saver(actor: Actor) -> default_catalogue.Save:
    """Return a bulk save that also writes the history rows, attributed to the actor."""

    def save(model: type[models.Model], objects: list[models.Model]) -> object:
        return bulk_create_with_history(objects, model, default_user=actor)

    return save


@transaction.atomic
def install_default_catalogue(*, year: int) -> int:
    """Give a year the shipped duties and bottom lines where it has none; return how many."""
    return default_catalogue.install_catalogue(
        DutyTemplate, BottomLine, year=year, save=_saver(None)
    )


@transaction.atomic
def install_default_areas() -> int:
    """Add the shipped portfolio areas whose name is not taken yet; return how many."""
    return default_catalogue.install_areas(PortfolioArea, save=_saver(None))


def has_catalogue(year: int) -> bool:
    return (
        DutyTemplate.objects.of_year(year).exists()
        or BottomLine.objects.of_year(year).exists()
    )


@transaction.atomic
def copy_catalogue(*, from_year: int, to_year: int, actor: Actor) -> int:
    """Copy a year's duties and bottom lines to another year; return how many rows."""
    if has_catalogue(to_year):
        raise ValidationError(
            _("%(year)s already has a catalogue: edit it instead.") % {"year": to_year}
        )
    duties = [
        DutyTemplate(
            year=to_year, subject=d.subject, number=d.number, title=d.title, text=d.text
        )
        for d in DutyTemplate.objects.of_year(from_year)
    ]
    bottom_lines = [
        BottomLine(year=to_year, subject=b.subject, number=b.number, text=b.text)
        for b in BottomLine.objects.of_year(from_year)
    ]
    if not duties and not bottom_lines:
        raise ValidationError(
            _("%(year)s has no catalogue to copy.") % {"year": from_year}
        )
    save = _saver(actor)
    try:
        save(DutyTemplate, duties)
        save(BottomLine, bottom_lines)
    except IntegrityError:
        # Someone else copied to the same year between our check and our write.
        raise ValidationError(
            _("%(year)s already has a catalogue: edit it instead.") % {"year": to_year}
        ) from None
    detail = {"from": from_year, "to": to_year}
    audit.record(
        action=ResponsibilitiesAuditAction.CATALOGUE_COPY, user=actor, detail=detail
    )
    return len(duties) + len(bottom_lines)


def _save_with_history(instance: ModelT, actor: Actor) -> ModelT:
    # Outside a request (no history middleware) the history row still names the actor.
    history.attribute(instance, to=actor)
    instance.save()
    audit.record(
        action=ResponsibilitiesAuditAction.CATALOGUE_CHANGE, user=actor, target=instance
    )
    return instance


@transaction.atomic
def save_duty_template(*, template: DutyTemplate, actor: Actor) -> DutyTemplate:
    """Save a new or edited duty; lists already generated keep their own copy of the text."""
    return _save_with_history(template, actor)


@transaction.atomic
def save_bottom_line(*, bottom_line: BottomLine, actor: Actor) -> BottomLine:
    return _save_with_history(bottom_line, actor)


@transaction.atomic
def save_area(*, area: PortfolioArea, actor: Actor) -> PortfolioArea:
    return _save_with_history(area, actor)
