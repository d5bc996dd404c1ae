from celery import shared_task
from django.utils import timezone

from core import jobs
from core.models import BackgroundJob

from .models import Campaign
from .services.campaigns import issue_letters
from .services.exports import export_signed_letters
from .services.reminders import send_due_reminders


def _job_and_campaign(
    job_id: int, campaign_id: int
) -> tuple[BackgroundJob | None, Campaign | None]:
    """Return the job and its campaign, either None when deleted since it was queued."""
    job = BackgroundJob.objects.filter(pk=job_id).select_related("created_by").first()
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    return job, campaign


@shared_task
def issue_campaign(job_id: int, campaign_id: int) -> None:
    """Issue the campaign's letters; issuing adds only missing letters, so a retry is harmless."""
    job, campaign = _job_and_campaign(job_id, campaign_id)
    if job is None or campaign is None:
        return
    jobs.run(
        job_id,
        lambda progress: issue_letters(
            campaign=campaign, actor=job.created_by, progress=progress
        ),
    )


# A city's 1,670 letters take minutes to print, longer than the default task limits.
@shared_task(soft_time_limit=30 * 60, time_limit=31 * 60)
def export_campaign(job_id: int, campaign_id: int, fmt: str) -> None:
    """Build one PDF or a zip of the campaign's signed letters and attach it to the job."""
    job, campaign = _job_and_campaign(job_id, campaign_id)
    if job is None or campaign is None:
        return
    jobs.run(
        job_id,
        lambda progress: export_signed_letters(
            campaign=campaign, job=job, fmt=fmt, progress=progress
        ),
    )


@shared_task
def send_letter_reminders() -> int:
    """Remind addressees of unsigned letters; each reminder goes once however often this runs."""
    return send_due_reminders(today=timezone.localdate())
