"""Records that are evidence: once frozen, a row is neither changed nor deleted.

A model inherits EvidenceModel and says in class attributes when its rows freeze, which
fields may still be saved afterwards, whether it may be deleted, and the sentences its
refusals carry. A model whose every row is frozen from the start also takes
EvidenceQuerySet, so that bulk update() and delete(), which skip save() and delete(),
are refused too.

The refusals raise PermissionError: they catch a mistake in our own code. A person's
request is refused earlier, by the service, in words meant for them.
"""

import enum
from collections.abc import Iterable
from typing import ClassVar, cast

from django.db import models
from django.db.models import Q


class Deletion(enum.Enum):
    REFUSED = "refused"
    # A draft may still be deleted; a frozen row may not.
    REFUSED_ONCE_FROZEN = "refused once frozen"
    ALLOWED = "allowed"


class EvidenceModel(models.Model):
    # The stored rows that are frozen; None: every row, from the moment it is saved.
    frozen_rows: ClassVar[Q | None] = None
    # Fields that may still be saved once the row is frozen, when saved on their own
    # (save(update_fields=…)): what happens to a record after it froze.
    open_fields: ClassVar[frozenset[str]] = frozenset()
    deletion: ClassVar[Deletion] = Deletion.REFUSED
    change_refusal: ClassVar[str]
    deletion_refusal: ClassVar[str] = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        """Save, refusing any change to a frozen row but to its open fields alone."""
        update_fields = kwargs.get("update_fields")
        if not self.saves_only_open_fields(update_fields) and self.is_frozen():
            raise PermissionError(self.change_refusal)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._refuses_deletion():
            raise PermissionError(self.deletion_refusal)
        return super().delete(*args, **kwargs)

    def is_frozen(self) -> bool:
        """Return whether the row is frozen as stored; queries it when frozen_rows is set.

        The stored row decides, not this instance: a copy loaded before the row froze
        must not overwrite it.
        """
        if self._state.adding:
            return False
        if self.frozen_rows is None:
            return True
        stored = type(self)._base_manager.filter(pk=self.pk)
        return stored.filter(self.frozen_rows).exists()

    def saves_only_open_fields(self, update_fields: Iterable[str] | None) -> bool:
        return update_fields is not None and set(update_fields) <= self.open_fields

    def _refuses_deletion(self) -> bool:
        if self.deletion is Deletion.REFUSED_ONCE_FROZEN:
            return self.is_frozen()
        return self.deletion is Deletion.REFUSED


class EvidenceQuerySet(models.QuerySet):
    """Refuse bulk update() and delete(): for models whose every row is frozen."""

    def update(self, **kwargs):
        raise PermissionError(self._evidence_model().change_refusal)

    def delete(self):
        raise PermissionError(self._evidence_model().deletion_refusal)

    def _evidence_model(self) -> type[EvidenceModel]:
        # self.model is typed as any model: the subclasses serve models of their own,
        # which a QuerySet[EvidenceModel] base would hide.
        return cast(type[EvidenceModel], self.model)
