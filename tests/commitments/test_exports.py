import zipfile
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from commitments.services.signing import sign_letter
from core import roles
from core.models import BackgroundJob
from tests.factories import (
    CampaignFactory,
    LetterFactory,
    OfficialFactory,
    UserFactory,
)

NAMES = ["王建国", "余敏", "李卫东"]

pytestmark = pytest.mark.usefixtures("pdf_printing")


def signed_letter_to(campaign, unit, name):
    user = UserFactory(profile__unit=unit, roles=[roles.TEAM_MEMBER])
    official = OfficialFactory(unit=unit, user=user, name=name, post="副镇长")
    letter = LetterFactory(campaign=campaign, addressee=official)
    return sign_letter(letter=letter, signer=user, personal_text=f"{name}的承诺")


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def campaign(township):
    """A campaign with three signed letters and one still awaiting its signature."""
    campaign = CampaignFactory(title="2026年度廉政承诺")
    for name in NAMES:
        signed_letter_to(campaign, township, name)
    LetterFactory(campaign=campaign, addressee__unit=township, addressee__name="赵未签")
    return campaign


def export(client, campaign, fmt, django_capture_on_commit_callbacks):
    url = reverse("commitments:campaign_export", args=[campaign.pk, fmt])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    return response


def latest_job():
    return BackgroundJob.objects.order_by("-pk").first()


def download(client, job) -> bytes:
    response = client.get(reverse("job_result", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_campaign_exports_its_signed_letters_as_one_pdf(
    client, township_staff, campaign, django_capture_on_commit_callbacks
):
    client.force_login(township_staff)

    response = export(client, campaign, "pdf", django_capture_on_commit_callbacks)

    assert response.status_code == 200
    job = latest_job()
    assert job.status == BackgroundJob.Status.DONE
    assert (job.done, job.total) == (3, 3)
    pages = PdfReader(BytesIO(download(client, job))).pages
    texts = [page.extract_text() for page in pages]
    for name in NAMES:
        assert sum(f"{name}的承诺" in text for text in texts) == 1
    assert not any("赵未签" in text for text in texts)
    assert len(pages) == 3


def test_campaign_exports_its_signed_letters_as_a_zip_of_pdfs(
    client, township_staff, campaign, django_capture_on_commit_callbacks
):
    client.force_login(township_staff)

    export(client, campaign, "zip", django_capture_on_commit_callbacks)

    archive = zipfile.ZipFile(BytesIO(download(client, latest_job())))
    names = sorted(archive.namelist())
    assert len(names) == 3
    assert all(name.startswith("东湖镇-") and name.endswith(".pdf") for name in names)
    for name in names:
        text = PdfReader(BytesIO(archive.read(name))).pages[0].extract_text()
        assert name.split("-")[1] in text


def test_export_holds_only_the_letters_its_starter_may_see(
    client, township_staff, campaign, other_township, django_capture_on_commit_callbacks
):
    signed_letter_to(campaign, other_township, "钱外乡")
    client.force_login(township_staff)

    export(client, campaign, "zip", django_capture_on_commit_callbacks)

    archive = zipfile.ZipFile(BytesIO(download(client, latest_job())))
    assert len(archive.namelist()) == 3
    assert not any("钱外乡" in name for name in archive.namelist())


def test_finished_export_offers_its_download_on_the_progress_bar(
    client, township_staff, campaign, django_capture_on_commit_callbacks
):
    client.force_login(township_staff)
    export(client, campaign, "pdf", django_capture_on_commit_callbacks)

    response = client.get(reverse("job_progress", args=[latest_job().pk]))

    assert reverse("job_result", args=[latest_job().pk]) in response.content.decode()


def test_only_the_starter_downloads_an_export(
    client, township_staff, city_staff, campaign, django_capture_on_commit_callbacks
):
    client.force_login(township_staff)
    export(client, campaign, "pdf", django_capture_on_commit_callbacks)
    client.force_login(city_staff)

    response = client.get(reverse("job_result", args=[latest_job().pk]))

    assert response.status_code == 404


def test_a_job_without_a_result_has_nothing_to_download(client, township_staff):
    job = BackgroundJob.objects.create(
        kind="test", description="test", created_by=township_staff
    )
    client.force_login(township_staff)

    response = client.get(reverse("job_result", args=[job.pk]))

    assert response.status_code == 404


def test_campaign_without_signed_letters_exports_no_file(
    client, township_staff, django_capture_on_commit_callbacks
):
    client.force_login(township_staff)

    export(client, CampaignFactory(), "pdf", django_capture_on_commit_callbacks)

    job = latest_job()
    assert job.status == BackgroundJob.Status.DONE
    assert not job.result


def test_export_is_post_only(client, township_staff, campaign):
    client.force_login(township_staff)

    response = client.get(
        reverse("commitments:campaign_export", args=[campaign.pk, "pdf"])
    )

    assert response.status_code == 405


def test_unknown_export_format_is_404(
    client, township_staff, campaign, django_capture_on_commit_callbacks
):
    client.force_login(township_staff)

    response = export(client, campaign, "docx", django_capture_on_commit_callbacks)

    assert response.status_code == 404
    assert not BackgroundJob.objects.exists()


def test_export_needs_the_permission_to_view_campaigns(client, secretary, campaign):
    client.force_login(secretary)

    response = client.post(
        reverse("commitments:campaign_export", args=[campaign.pk, "pdf"])
    )

    assert response.status_code == 403


def test_anonymous_visitor_is_sent_to_log_in_to_export(client, campaign):
    response = client.post(
        reverse("commitments:campaign_export", args=[campaign.pk, "pdf"])
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_visitor_is_sent_to_log_in_to_download(client, township_staff):
    job = BackgroundJob.objects.create(
        kind="test", description="test", created_by=township_staff
    )

    response = client.get(reverse("job_result", args=[job.pk]))

    assert response.status_code == 302
