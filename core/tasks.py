from celery import shared_task

from . import jobs, submissions


@shared_task
def dispatch_queued_jobs() -> int:
    """Send the jobs started while the broker was unreachable; each is sent once."""
    return jobs.dispatch_queued()


@shared_task
def forget_old_submissions() -> int:
    """Delete the one-time form claims too old to be posted twice."""
    return submissions.forget_old_submissions()
