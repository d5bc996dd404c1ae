import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import roles
from responsibilities.forms.work import MAX_FILE_SIZE, MAX_FILES
from responsibilities.models import Attachment, Official, ProgressEntry
from responsibilities.services.work import record_progress
from tests.factories import (
    DutyFactory,
    KeyTaskFactory,
    OfficialFactory,
    ResponsibilityListFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 report on the rectification of misconduct"
PNG = b"\x89PNG\r\n\x1a\n photo of the notice board"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def task(city, township):
    leader = OfficialFactory(unit=city, rank=Official.Rank.COUNTY_CHIEF)
    task = KeyTaskFactory(lead_unit=city, lead_leader=leader)
    task.participating_units.add(township)
    return task


@pytest.fixture
def attachment(task, member, media_root):
    upload = SimpleUploadedFile("整改报告.pdf", PDF)
    entry = record_progress(
        author=member,
        happened_on="2026-05-06",
        text="提交整改报告",
        files=[upload],
        key_task=task,
    )
    return entry.attachments.get()


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


def post_progress(client, task, files: list):
    return client.post(
        reverse("responsibilities:keytask_progress", args=[task.pk]),
        {"happened_on": "2026-05-06", "text": "开展专项检查", "files": files},
    )


# --- Uploading ----------------------------------------------------------------------


def test_recording_progress_with_two_files_stores_both_with_their_names(
    client, member, task, media_root
):
    client.force_login(member)
    files = [
        SimpleUploadedFile("检查方案.pdf", PDF),
        SimpleUploadedFile("公示栏照片.png", PNG),
    ]

    response = post_progress(client, task, files)

    entry = ProgressEntry.objects.get()
    attachments = list(entry.attachments.all())
    assert response.status_code == 302
    assert [a.original_name for a in attachments] == ["检查方案.pdf", "公示栏照片.png"]
    assert [a.size for a in attachments] == [len(PDF), len(PNG)]
    assert {a.uploaded_by for a in attachments} == {member}
    assert [a.file.read() for a in attachments] == [PDF, PNG]
    assert len(stored_files(media_root)) == 2


def test_stored_file_names_do_not_reveal_the_original_names(attachment, media_root):
    (path,) = stored_files(media_root)

    assert "整改报告" not in str(path)
    assert path.suffix == ".pdf"


def test_an_executable_is_refused_and_nothing_is_stored(
    client, member, task, media_root
):
    client.force_login(member)
    files = [
        SimpleUploadedFile("检查方案.pdf", PDF),
        SimpleUploadedFile("setup.exe", b"MZ\x90\x00"),
    ]

    response = post_progress(client, task, files)

    assert response.status_code == 200
    errors = response.context["form"].errors["files"]
    assert len(errors) == 1
    assert "setup.exe" in errors[0]
    assert "开展专项检查" in response.text
    assert not ProgressEntry.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files(media_root) == []


def test_an_over_size_file_is_refused_and_nothing_is_stored(
    client, member, task, media_root
):
    client.force_login(member)
    big = SimpleUploadedFile("扫描件.pdf", b"x" * (MAX_FILE_SIZE + 1))

    response = post_progress(client, task, [big])

    assert response.status_code == 200
    assert "扫描件.pdf" in response.context["form"].errors["files"][0]
    assert not ProgressEntry.objects.exists()
    assert stored_files(media_root) == []


def test_a_file_of_exactly_the_limit_is_accepted(client, member, task, media_root):
    client.force_login(member)

    response = post_progress(
        client, task, [SimpleUploadedFile("扫描件.pdf", b"x" * MAX_FILE_SIZE)]
    )

    assert response.status_code == 302
    assert Attachment.objects.get().size == MAX_FILE_SIZE


def test_too_many_files_are_refused(client, member, task, media_root):
    client.force_login(member)
    files = [
        SimpleUploadedFile(f"照片{number}.jpg", b"\xff\xd8\xff")
        for number in range(MAX_FILES + 1)
    ]

    response = post_progress(client, task, files)

    assert response.status_code == 200
    assert "files" in response.context["form"].errors
    assert stored_files(media_root) == []


def test_progress_belongs_to_exactly_one_task_or_duty(member, task):
    duty = DutyFactory(template__year=2001)

    with pytest.raises(ValueError, match="key task or to a duty"):
        record_progress(
            author=member,
            happened_on="2026-05-06",
            text="两头都挂",
            files=[],
            key_task=task,
            duty=duty,
        )
    with pytest.raises(ValueError, match="key task or to a duty"):
        record_progress(author=member, happened_on="2026-05-06", text="无", files=[])


# --- Downloading --------------------------------------------------------------------


def test_someone_in_scope_downloads_the_file_under_its_original_name(
    client, secretary, attachment
):
    client.force_login(secretary)

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A.pdf" in disposition  # 整改报告.pdf
    assert response["Content-Type"] == "application/pdf"


def test_someone_out_of_scope_gets_404(client, other_township, attachment):
    outsider = UserFactory(profile__unit=other_township, roles=[roles.TEAM_MEMBER])
    client.force_login(outsider)

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 404


def test_an_auditor_gets_404(client, auditor, attachment):
    client.force_login(auditor)

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 404


def test_anonymous_is_sent_to_login(client, attachment):
    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_download_refuses_post(client, secretary, attachment):
    client.force_login(secretary)

    response = client.post(attachment.get_absolute_url())

    assert response.status_code == 405


def test_a_missing_file_gets_404(client, secretary, attachment):
    attachment.file.delete(save=False)
    client.force_login(secretary)

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 404


def test_stored_files_are_not_served_at_a_media_url(
    client, administrator, attachment, settings
):
    client.force_login(administrator)

    response = client.get(f"/{settings.MEDIA_URL}{attachment.file.name}")

    assert response.status_code == 404


def test_a_duty_holder_downloads_the_files_of_their_duty_outside_their_unit_scope(
    client, member, other_township, media_root
):
    holder = member.official
    duty = DutyFactory(
        responsibility_list=ResponsibilityListFactory(unit=other_township),
        holder=holder,
        template__year=2001,
    )
    entry = record_progress(
        author=member,
        happened_on="2026-05-06",
        text="分管领域履责",
        files=[SimpleUploadedFile("台账.xlsx", b"PK\x03\x04")],
        duty=duty,
    )
    client.force_login(member)

    response = client.get(entry.attachments.get().get_absolute_url())

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"PK\x03\x04"
