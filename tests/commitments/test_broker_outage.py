"""Starting a job while the broker is unreachable: the page answers at once, the job is
kept, and it runs once when the broker answers again."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from commitments.audit import CommitmentsAuditAction
from commitments.services.campaigns import start_issuing
from commitments.tasks import issue_campaign
from config.celery import app
from core import jobs
from core.models import AuditEvent, BackgroundJob
from core.tasks import dispatch_queued_jobs
from tests.conftest import CELERY_TEST_BROKER_URL
from tests.deadlines import answers_within
from tests.factories import CampaignFactory, OfficialFactory

# The job is sent when the request's transaction commits, as in production; the worker's
# thread has its own database connection, so the rows must be committed for it to see
# them. The rollback then restores what migrations wrote for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

UNREACHABLE = ["hung_broker", "closed_broker", "failing_broker"]
WAITING = "队列恢复后将自动执行"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def issue(client, campaign):
    # The user opens the campaign, then issues it: the timing below is the issuing alone,
    # not this process's first page, which loads templates and translations.
    assert client.get(campaign.get_absolute_url()).status_code == 200
    with answers_within(2):
        response = client.post(
            reverse("commitments:campaign_issue", args=[campaign.pk])
        )
    assert response.status_code == 302
    return client.get(response.url)


def export(client, campaign):
    url = reverse("commitments:campaign_export", args=[campaign.pk, "pdf"])
    assert client.get(campaign.get_absolute_url()).status_code == 200
    with answers_within(2):
        return client.post(url)


def wait_until_finished(job: BackgroundJob) -> None:
    deadline = time.monotonic() + 60
    while not job.is_finished() and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()


@pytest.mark.parametrize("broker", UNREACHABLE)
def test_issuing_answers_at_once_and_keeps_the_job_while_the_broker_is_unreachable(
    client, administrator, township, use_broker, broker, request
):
    OfficialFactory.create_batch(2, unit=township)
    campaign = CampaignFactory()
    use_broker(request.getfixturevalue(broker))
    client.force_login(administrator)

    page = issue(client, campaign)

    job = BackgroundJob.objects.get()
    assert job.status == BackgroundJob.Status.QUEUED
    assert job.task_name == "commitments.tasks.issue_campaign"
    assert job.arguments == {"campaign_id": campaign.pk}
    assert WAITING in page.text
    assert not campaign.letters.exists()


@pytest.mark.parametrize("broker", UNREACHABLE)
def test_exporting_answers_at_once_and_keeps_the_job_while_the_broker_is_unreachable(
    client, township_staff, signed_letter, use_broker, broker, request
):
    campaign = signed_letter.campaign
    use_broker(request.getfixturevalue(broker))
    client.force_login(township_staff)

    page = export(client, campaign)

    job = BackgroundJob.objects.get()
    assert page.status_code == 200
    assert job.status == BackgroundJob.Status.QUEUED
    assert job.arguments == {"campaign_id": campaign.pk, "fmt": "pdf"}
    assert WAITING in page.text
    progress = client.get(reverse("job_progress", args=[job.pk]))
    assert WAITING in progress.text


@pytest.mark.celery_worker
@pytest.mark.usefixtures("pdf_printing")
@pytest.mark.parametrize("broker", UNREACHABLE)
def test_kept_jobs_run_once_when_the_broker_answers_again(
    client,
    administrator,
    township,
    signed_letter,
    worker_app,
    queue,
    use_broker,
    broker,
    request,
):
    OfficialFactory.create_batch(2, unit=township)
    campaign = CampaignFactory()
    use_broker(request.getfixturevalue(broker))
    client.force_login(administrator)
    issue(client, campaign)
    export(client, signed_letter.campaign)
    issuing, exporting = BackgroundJob.objects.order_by("pk")

    # Redis answers again. Beat sends the sweep every minute; here two sweeps come in
    # a row, and then the issuing job's message comes once more, as a redelivery would.
    use_broker(CELERY_TEST_BROKER_URL, task_default_queue=queue)
    with start_worker(worker_app, queues=[queue], perform_ping_check=False):
        sweeps = [dispatch_queued_jobs.delay() for _ in range(2)]
        sent = [sweep.get(timeout=20) for sweep in sweeps]
        wait_until_finished(issuing)
        wait_until_finished(exporting)
        app.send_task(issuing.task_name, (issuing.pk,), issuing.arguments).get(
            timeout=20
        )

    assert sorted(sent) == [0, 2]
    assert (issuing.status, exporting.status) == (BackgroundJob.Status.DONE,) * 2
    assert exporting.result
    issued = AuditEvent.objects.filter(action=CommitmentsAuditAction.CAMPAIGN_ISSUE)
    assert issued.count() == 1
    assert campaign.letters.count() == campaign.addressees().count() > 0


def test_without_a_broker_the_job_runs_in_process_and_only_once(
    administrator, township
):
    OfficialFactory.create_batch(2, unit=township)
    campaign = CampaignFactory()

    job = start_issuing(campaign=campaign, actor=administrator)
    swept = jobs.dispatch_queued()
    issue_campaign(job.pk, **job.arguments)

    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE
    assert swept == 0
    issued = AuditEvent.objects.filter(action=CommitmentsAuditAction.CAMPAIGN_ISSUE)
    assert issued.count() == 1


def test_beat_sweeps_for_kept_jobs_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["dispatch-queued-jobs"]

    assert entry["task"] == dispatch_queued_jobs.name
    assert entry["schedule"] <= 60
