import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core import roles
from responsibilities.models import KeyTask, Official, ProgressEntry
from responsibilities.services.work import record_progress
from tests.factories import KeyTaskFactory, OfficialFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("responsibilities:keytask_list")
CREATE_URL = reverse("responsibilities:keytask_create")
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def city_leader(city):
    return OfficialFactory(
        unit=city, name="张建华", post="副市长", rank=Official.Rank.COUNTY_DEPUTY
    )


@pytest.fixture
def task(city, city_leader, township):
    """A city task that the township takes part in."""
    task = KeyTaskFactory(
        lead_unit=city, lead_leader=city_leader, title="整治群众身边的不正之风"
    )
    task.participating_units.add(township)
    return task


@pytest.fixture
def other_task(other_township):
    return KeyTaskFactory(lead_unit=other_township, title="西山乡工程项目专项检查")


@pytest.fixture
def outsider(other_township):
    return UserFactory(profile__unit=other_township, roles=[roles.TEAM_MEMBER])


def task_data(leader: Official, **changes) -> dict:
    data = {
        "year": 2026,
        "title": "推进“三转”落实",
        "description": "纪委聚焦主业主责。",
        "lead_leader": leader.pk,
        "lead_unit": leader.unit_id,
        "participating_units": [],
        "due_on": "2026-12-31",
        "status": KeyTask.Status.OPEN,
    }
    return data | changes


def add_entries(task: KeyTask, author, count: int, files_each: int = 0) -> None:
    for number in range(count):
        files = [
            SimpleUploadedFile(f"纪实{number}-{index}.pdf", b"%PDF-1.4")
            for index in range(files_each)
        ]
        record_progress(
            author=author,
            happened_on=datetime.date(2026, 3, 1),
            text=f"第{number}次推进",
            files=files,
            key_task=task,
        )


# --- Creating and editing ---------------------------------------------------------


def test_discipline_staff_create_a_key_task_with_participating_units(
    client, city_staff, city_leader, township, other_township
):
    client.force_login(city_staff)
    data = task_data(city_leader, participating_units=[township.pk, other_township.pk])

    response = client.post(CREATE_URL, data)

    task = KeyTask.objects.get(title="推进“三转”落实")
    assert response.status_code == 302
    assert response.url == task.get_absolute_url()
    assert task.lead_leader == city_leader
    assert set(task.participating_units.all()) == {township, other_township}
    assert task.history.first().history_user == city_staff


def test_administrator_opens_the_new_key_task_form(client, administrator):
    client.force_login(administrator)

    response = client.get(CREATE_URL)

    assert response.status_code == 200
    assert response.context["form"].initial["year"] == timezone.localdate().year


def test_member_cannot_create_a_key_task(client, member, city_leader):
    client.force_login(member)

    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, task_data(city_leader)).status_code == 403
    assert not KeyTask.objects.exists()


def test_a_key_task_due_in_year_9999_is_refused(client, city_staff, city_leader):
    client.force_login(city_staff)

    response = client.post(CREATE_URL, task_data(city_leader, due_on="9999-12-31"))

    [error] = response.context["form"].errors["due_on"]
    assert error.startswith("请填写不晚于")
    assert not KeyTask.objects.exists()


def test_a_key_task_for_year_9999_is_refused(client, city_staff, city_leader):
    client.force_login(city_staff)

    response = client.post(CREATE_URL, task_data(city_leader, year=9999))

    [error] = response.context["form"].errors["year"]
    assert error.startswith("请填写2000年至")
    assert not KeyTask.objects.exists()


def test_invalid_key_task_form_shows_errors_and_keeps_input(
    client, city_staff, city_leader
):
    client.force_login(city_staff)

    response = client.post(CREATE_URL, task_data(city_leader, title=""))

    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert "纪委聚焦主业主责。" in response.text
    assert not KeyTask.objects.exists()


def test_only_active_city_leaders_in_scope_can_lead_a_task(
    client, city_staff, city_leader, city, township
):
    retired = OfficialFactory(
        unit=city, rank=Official.Rank.COUNTY_CHIEF, is_active=False
    )
    section_chief = OfficialFactory(unit=township, rank=Official.Rank.SECTION_CHIEF)
    client.force_login(city_staff)

    choices = set(client.get(CREATE_URL).context["form"].fields["lead_leader"].queryset)

    assert city_leader in choices
    assert retired not in choices
    assert section_chief not in choices


def test_a_leader_out_of_scope_is_refused(client, township_staff, other_township):
    stranger = OfficialFactory(unit=other_township, rank=Official.Rank.COUNTY_CHIEF)
    client.force_login(township_staff)

    response = client.post(CREATE_URL, task_data(stranger))

    assert response.status_code == 200
    assert "lead_leader" in response.context["form"].errors


def test_staff_edit_a_key_task(client, city_staff, task):
    client.force_login(city_staff)
    url = reverse("responsibilities:keytask_update", args=[task.pk])
    data = task_data(
        task.lead_leader,
        title="整治群众身边的腐败问题",
        status=KeyTask.Status.IN_PROGRESS,
        participating_units=[],
    )

    response = client.post(url, data)

    task.refresh_from_db()
    assert response.status_code == 302
    assert task.title == "整治群众身边的腐败问题"
    assert task.status == KeyTask.Status.IN_PROGRESS
    assert not task.participating_units.exists()


def test_member_cannot_edit_a_key_task(client, member, task):
    client.force_login(member)

    response = client.get(reverse("responsibilities:keytask_update", args=[task.pk]))

    assert response.status_code == 403


def test_staff_of_a_participating_unit_cannot_edit_the_lead_units_task(
    client, township_staff, task
):
    client.force_login(township_staff)

    response = client.get(reverse("responsibilities:keytask_update", args=[task.pk]))

    assert response.status_code == 403


def test_editing_keeps_participating_units_the_editor_cannot_see(
    client, township_staff, township, other_township
):
    leader = OfficialFactory(unit=township, rank=Official.Rank.COUNTY_DEPUTY)
    task = KeyTaskFactory(lead_unit=township, lead_leader=leader)
    task.participating_units.add(other_township)
    client.force_login(township_staff)

    client.post(
        reverse("responsibilities:keytask_update", args=[task.pk]),
        task_data(leader, title="改过的标题"),
    )

    task.refresh_from_db()
    assert task.title == "改过的标题"
    assert set(task.participating_units.all()) == {other_township}


def test_editing_a_task_out_of_scope_gets_404(client, township_staff, other_task):
    client.force_login(township_staff)

    response = client.get(
        reverse("responsibilities:keytask_update", args=[other_task.pk])
    )

    assert response.status_code == 404


def test_anonymous_is_sent_to_login_from_key_task_pages(client, task):
    for url in [
        LIST_URL,
        CREATE_URL,
        task.get_absolute_url(),
        reverse("responsibilities:keytask_update", args=[task.pk]),
        reverse("responsibilities:keytask_progress", args=[task.pk]),
    ]:
        response = client.post(url) if "progress" in url else client.get(url)

        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


# --- The list and overdue marking -------------------------------------------------


def test_list_shows_only_tasks_in_scope(client, member, task, other_task):
    client.force_login(member)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert list(response.context["page"]) == [task]
    assert "西山乡工程项目专项检查" not in response.text


def test_auditor_cannot_open_key_tasks(client, auditor, task):
    client.force_login(auditor)

    assert client.get(LIST_URL).status_code == 403
    assert client.get(task.get_absolute_url()).status_code == 403


def test_list_counts_progress_entries_once_per_entry(
    client, administrator, task, township, other_township, media_root
):
    task.participating_units.add(other_township)
    add_entries(task, administrator, 3)
    client.force_login(administrator)

    response = client.get(LIST_URL)

    (row,) = response.context["page"]
    assert row.entry_count == 3


@time_machine.travel(datetime.datetime(2026, 7, 1, 9, tzinfo=SHANGHAI), tick=False)
def test_overdue_tasks_are_marked(client, administrator, city):
    late = KeyTaskFactory(lead_unit=city, due_on=datetime.date(2026, 6, 30))
    on_time = KeyTaskFactory(lead_unit=city, due_on=datetime.date(2026, 7, 1))
    finished = KeyTaskFactory(
        lead_unit=city, due_on=datetime.date(2026, 6, 1), status=KeyTask.Status.DONE
    )
    client.force_login(administrator)

    response = client.get(LIST_URL)

    rows = {task.pk: task.is_overdue() for task in response.context["page"]}
    assert rows == {late.pk: True, on_time.pk: False, finished.pk: False}
    assert response.text.count("data-overdue") == 1
    assert f'data-task="{late.pk}"' in response.text


@time_machine.travel(datetime.datetime(2026, 7, 1, 9, tzinfo=SHANGHAI), tick=False)
def test_filtering_overdue_tasks(client, administrator, city):
    late = KeyTaskFactory(lead_unit=city, due_on=datetime.date(2026, 6, 30))
    on_time = KeyTaskFactory(lead_unit=city, due_on=datetime.date(2026, 7, 31))
    client.force_login(administrator)

    overdue = client.get(LIST_URL, {"overdue": "true"}).context["page"]
    not_overdue = client.get(LIST_URL, {"overdue": "false"}).context["page"]

    assert list(overdue) == [late]
    assert list(not_overdue) == [on_time]


def test_filtering_by_year_status_and_lead_unit(client, administrator, city, township):
    wanted = KeyTaskFactory(
        lead_unit=township, year=2025, status=KeyTask.Status.IN_PROGRESS
    )
    KeyTaskFactory(lead_unit=city, year=2025, status=KeyTask.Status.IN_PROGRESS)
    KeyTaskFactory(lead_unit=township, year=2026, status=KeyTask.Status.IN_PROGRESS)
    KeyTaskFactory(lead_unit=township, year=2025, status=KeyTask.Status.DONE)
    client.force_login(administrator)

    response = client.get(
        LIST_URL, {"year": 2025, "status": "in_progress", "lead_unit": township.pk}
    )

    assert list(response.context["page"]) == [wanted]


def test_list_query_count_does_not_grow(
    client, administrator, city, township, other_township, count_queries, media_root
):
    client.force_login(administrator)
    task = KeyTaskFactory(lead_unit=township)
    add_entries(task, administrator, 1, files_each=1)
    few = count_queries(LIST_URL)

    for _number in range(15):
        task = KeyTaskFactory(lead_unit=UnitFactory(parent=city))
        task.participating_units.add(township, other_township)
        add_entries(task, administrator, 2, files_each=1)

    assert count_queries(LIST_URL) == few


# --- The detail page and its record of progress -----------------------------------


def test_detail_shows_units_and_entries_newest_first(
    client, member, task, township, media_root
):
    for day in (1, 20, 10):
        record_progress(
            author=member,
            happened_on=datetime.date(2026, 5, day),
            text=f"5月{day}日推进",
            files=[],
            key_task=task,
        )
    client.force_login(member)

    response = client.get(task.get_absolute_url())

    assert response.status_code == 200
    texts = [entry.text for entry in response.context["entries"]]
    assert texts == ["5月20日推进", "5月10日推进", "5月1日推进"]
    assert list(response.context["participating_units"]) == [township]
    assert response.context["can_edit"] is False
    assert "form" in response.context


def test_detail_of_a_task_out_of_scope_gets_404(client, member, other_task):
    client.force_login(member)

    response = client.get(other_task.get_absolute_url())

    assert response.status_code == 404


def test_detail_query_count_does_not_grow_with_entries_and_files(
    client, city_staff, task, count_queries, media_root
):
    client.force_login(city_staff)
    add_entries(task, city_staff, 1, files_each=1)
    few = count_queries(task.get_absolute_url())

    add_entries(task, city_staff, 12, files_each=3)
    task.participating_units.add(*UnitFactory.create_batch(5))

    assert count_queries(task.get_absolute_url()) == few


def test_member_records_progress_on_a_task_of_their_unit(
    client, member, task, media_root
):
    client.force_login(member)

    response = client.post(
        reverse("responsibilities:keytask_progress", args=[task.pk]),
        {"happened_on": "2026-04-02", "text": "召开专题会议部署整治工作。"},
    )

    entry = ProgressEntry.objects.get()
    assert response.status_code == 302
    assert response.url == task.get_absolute_url()
    assert entry.key_task == task
    assert entry.author == member
    assert entry.happened_on == datetime.date(2026, 4, 2)
    assert not entry.attachments.exists()


def test_progress_dated_in_the_future_is_refused(client, member, task, media_root):
    client.force_login(member)

    response = client.post(
        reverse("responsibilities:keytask_progress", args=[task.pk]),
        {"happened_on": "9999-12-31", "text": "召开专题会议部署整治工作。"},
    )

    assert response.status_code == 200
    assert not ProgressEntry.objects.exists()


def test_a_progress_form_posted_twice_records_one_entry(
    client, member, task, media_root
):
    client.force_login(member)
    page = client.get(task.get_absolute_url()).text
    token = re.search(r'name="submission_token" value="([0-9a-f-]+)"', page).group(1)
    data = {
        "submission_token": token,
        "happened_on": "2026-04-02",
        "text": "召开专题会议部署整治工作。",
    }
    url = reverse("responsibilities:keytask_progress", args=[task.pk])
    client.post(url, data)

    again = client.post(url, data)

    assert ProgressEntry.objects.count() == 1
    assert again.url == task.get_absolute_url()


def test_invalid_progress_shows_the_task_with_errors_and_keeps_the_text(
    client, member, task
):
    client.force_login(member)

    response = client.post(
        reverse("responsibilities:keytask_progress", args=[task.pk]),
        {"happened_on": "", "text": "已完成第一轮走访。"},
    )

    assert response.status_code == 200
    assert response.context["task"] == task
    assert "happened_on" in response.context["form"].errors
    assert "已完成第一轮走访。" in response.text
    assert not ProgressEntry.objects.exists()


def test_progress_cannot_be_dated_in_the_future(client, member, task):
    client.force_login(member)
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)

    response = client.post(
        reverse("responsibilities:keytask_progress", args=[task.pk]),
        {"happened_on": tomorrow.isoformat(), "text": "计划中的工作"},
    )

    assert response.status_code == 200
    assert "happened_on" in response.context["form"].errors


def test_progress_on_a_task_out_of_scope_gets_404(client, outsider, task):
    client.force_login(outsider)

    response = client.post(
        reverse("responsibilities:keytask_progress", args=[task.pk]),
        {"happened_on": "2026-04-02", "text": "越权记录"},
    )

    assert response.status_code == 404
    assert not ProgressEntry.objects.exists()


def test_administrator_without_the_permission_cannot_record_progress(
    client, administrator, task
):
    client.force_login(administrator)
    url = reverse("responsibilities:keytask_progress", args=[task.pk])

    response = client.post(url, {"happened_on": "2026-04-02", "text": "管理员记录"})

    assert response.status_code == 403
    assert url not in client.get(task.get_absolute_url()).text


def test_progress_refuses_get(client, member, task):
    client.force_login(member)

    response = client.get(reverse("responsibilities:keytask_progress", args=[task.pk]))

    assert response.status_code == 405
