"""Background jobs with a progress bar: start one from a view, report progress from a task."""

import logging
from collections.abc import Callable

from celery import Task
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import BackgroundJob

logger = logging.getLogger(__name__)


def start(
    *, task: Task, kind: str, description: str, user: AbstractBaseUser, **arguments
) -> BackgroundJob:
    """Record a job and queue its task once the transaction commits.

    If the broker cannot be reached the job is marked failed with a reason, and the page
    that started it keeps working: enqueueing fails soft.
    """
    job = BackgroundJob.objects.create(
        kind=kind, description=description, created_by=user
    )

    def enqueue() -> None:
        try:
            task.delay(job.pk, **arguments)
        except Exception:  # any broker failure: the web must keep working
            logger.exception("Could not queue job %s", job.pk)
            fail(job.pk, _("The job queue cannot be reached. Try again later."))

    transaction.on_commit(enqueue)
    return job


def run(job_id: int, work: Callable[[Callable[[int, int], None]], str]) -> None:
    """Run `work` for a job, giving it a `progress(done, total)` callback.

    `work` returns the message to show when done; an exception marks the job failed.
    """
    BackgroundJob.objects.filter(pk=job_id).update(status=BackgroundJob.Status.RUNNING)

    def progress(done: int, total: int) -> None:
        BackgroundJob.objects.filter(pk=job_id).update(done=done, total=total)

    try:
        message = work(progress)
    except Exception:
        logger.exception("Job %s failed", job_id)
        fail(job_id, _("The job failed; the error has been logged."))
        raise
    BackgroundJob.objects.filter(pk=job_id).update(
        status=BackgroundJob.Status.DONE, message=message, finished_at=timezone.now()
    )


def fail(job_id: int, message: str) -> None:
    BackgroundJob.objects.filter(pk=job_id).update(
        status=BackgroundJob.Status.FAILED, message=message, finished_at=timezone.now()
    )
