"""Who a record's change history names.

Left alone, django-simple-history names the user of the current request (its
middleware). Services name the person they act for instead: the same person in a page,
and the only answer in a task, a command or a test, where there is no request.
"""

from django.contrib.auth.models import User
from django.db import models


def attribute(record: models.Model, *, to: User | None) -> None:
    """Make the history rows of the record's next saves and deletion name `to`.

    None names nobody, even within a request: a change made by the system.
    """
    # The attribute simple_history reads before the request (get_history_user).
    record._history_user = to  # type: ignore[attr-defined]  # simple_history's, undeclared
