"""Background jobs with a progress bar: start one from a view, report progress from a task.

A job is its own outbox: its row keeps the task and arguments, written in the transaction
that asks for the work, and is sent to the broker after that transaction commits. A broker
that is down, refusing, failing or hung costs the page a few BROKER_TIMEOUT waits at most:
the job stays queued, and the sweep (`dispatch_queued`, run by beat every minute) sends it
once the broker answers.
"""

import logging
from collections.abc import Callable
from datetime import timedelta

from celery import Task
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu import Connection
from kombu.exceptions import OperationalError

from config.celery import app as celery_app

from .models import BackgroundJob

logger = logging.getLogger(__name__)

# Seconds to connect, then to wait for each reply. A broker on the same network answers
# in milliseconds; this bounds what one that accepts connections and never answers (a
# hung Redis) costs a page. Without it redis-py waits on the socket forever.
BROKER_TIMEOUT = 0.75
# Celery reports a broker it cannot reach as OperationalError; a socket that fails
# outside its wrapping shows as OSError.
BROKER_ERRORS = (OperationalError, OSError)
# A job sent this long ago and still not started has lost its message (a broker restarted
# without persistence): the sweep sends it again. An hour is the Redis transport's
# visibility timeout, after which it redelivers an unacknowledged message anyway.
RESEND_AFTER = timedelta(hours=1)


def start(
    *, task: Task, kind: str, description: str, user: User, **arguments
) -> BackgroundJob:
    """Record a job with what it runs, and send it to the broker once the transaction commits.

    If the broker cannot be reached the job stays queued and the page that started it
    keeps working; the sweep sends it later.
    """
    job = BackgroundJob.objects.create(
        kind=kind,
        description=description,
        created_by=user,
        task_name=task.name,
        arguments=arguments,
    )
    transaction.on_commit(lambda: dispatch(job))
    return job


def broker_connection() -> Connection:
    """A connection to the broker whose every wait ends within BROKER_TIMEOUT.

    It tries once: kombu's default is to retry connecting after two seconds.
    """
    return celery_app.connection_for_write(
        connect_timeout=BROKER_TIMEOUT,
        transport_options={
            "socket_connect_timeout": BROKER_TIMEOUT,
            "socket_timeout": BROKER_TIMEOUT,
            "max_retries": 0,
        },
    )


def broker_answers() -> bool:
    try:
        with broker_connection() as connection:
            connection.ensure_connection(max_retries=0)
    except BROKER_ERRORS:
        return False
    return True


def dispatch(job: BackgroundJob) -> bool:
    """Send a queued job to the broker; return False if it stays queued for the sweep."""
    try:
        return _claim_and_send(job)
    except Exception:
        # Past the connection, a broker's own errors (a read-only replica, out of
        # memory, a dropped socket) come unwrapped; whatever it is, the page that
        # asked has already committed and must answer, and the sweep tries again.
        logger.warning("Job %s waits for the broker", job.pk, exc_info=True)
        return False


def dispatch_queued() -> int:
    """Send the jobs kept while the broker was unreachable; return how many were sent.

    Stop at the first broker failure: each further job would only wait its timeout too,
    and the next sweep goes on.
    """
    due = BackgroundJob.objects.due_for_dispatch(
        sent_before=timezone.now() - RESEND_AFTER
    )
    sent = 0
    for job in due.order_by("created_at", "pk"):
        try:
            sent += _claim_and_send(job)
        except Exception:
            logger.warning("The broker cannot be reached; jobs wait", exc_info=True)
            break
    return sent


def _claim_and_send(job: BackgroundJob) -> bool:
    # The conditional update claims the job, so of two sweeps racing (or a sweep and the
    # page that started it) only one sends it.
    now = timezone.now()
    due = BackgroundJob.objects.due_for_dispatch(sent_before=now - RESEND_AFTER)
    if not due.filter(pk=job.pk).update(dispatched_at=now):
        return False
    try:
        _send(job)
    except BaseException:
        # Not sent: give the claim back, so the next sweep sends it without waiting
        # RESEND_AFTER.
        BackgroundJob.objects.filter(pk=job.pk, dispatched_at=now).update(
            dispatched_at=None
        )
        raise
    job.dispatched_at = now
    return True


def _send(job: BackgroundJob) -> None:
    if celery_app.conf.task_always_eager:
        # No broker (the demo): run it here. A failure is on the job, as with a worker.
        task = celery_app.tasks[job.task_name]
        task.apply((job.pk,), job.arguments, throw=False)
        return
    with broker_connection() as connection:
        # No publish retries: each would wait its own timeout. The job's page reads
        # the outcome from the job, so the result backend is never asked.
        celery_app.send_task(
            job.task_name,
            args=(job.pk,),
            kwargs=job.arguments,
            connection=connection,
            retry=False,
            ignore_result=True,
        )


def run(job_id: int, work: Callable[[Callable[[int, int], None]], str]) -> None:
    """Run `work` for a job, giving it a `progress(done, total)` callback.

    `work` returns the message to show when done; an exception marks the job failed.
    """
    # Only the delivery that moves the job from queued to running does the work, so a job
    # whose message was sent twice (a resend, a redelivery) runs once.
    queued = BackgroundJob.objects.filter(pk=job_id, status=BackgroundJob.Status.QUEUED)
    if not queued.update(status=BackgroundJob.Status.RUNNING):
        logger.info("Job %s has already started; this delivery skips it", job_id)
        return

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
