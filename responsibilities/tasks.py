from celery import shared_task

from core import jobs
from core.models import BackgroundJob

from . import importing
from .services.lists import generate_all_lists


@shared_task
def delete_abandoned_import_sheets() -> int:
    return importing.delete_abandoned_sheets()


@shared_task
def generate_lists(job_id: int, year: int) -> None:
    """Generate every committee unit's list for the year, reporting to the job's page.

    Generation only adds what is missing, so a retry or a second run is harmless.
    """
    job = BackgroundJob.objects.filter(pk=job_id).select_related("created_by").first()
    if job is None:
        return
    jobs.run(
        job_id,
        lambda progress: generate_all_lists(
            year=year, progress=progress, actor=job.created_by
        ),
    )
