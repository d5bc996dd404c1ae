"""Refusals a service raises when the person it acts for may not have their way.

A rule the request breaks is a ValidationError, shown beside the form. These two refuse
the person instead. Each is the Django exception whose answer it means, so Django's own
handlers answer it on every page, and no view translates it: a 404, or a 403 that the
audit trail records as a denied access.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404


class NotFound(Http404):
    """The record is not there for this person: they learn nothing of it, as if it
    were outside their scope."""


class NotPermitted(PermissionDenied):
    """The person sees the record but may not do this to it."""
