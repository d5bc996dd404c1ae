import datetime
import re
from collections import Counter

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import BackgroundJob
from responsibilities.models import (
    Attachment,
    Duty,
    DutyTemplate,
    Official,
    ProgressEntry,
    ResponsibilityList,
    Subject,
    Unit,
)
from responsibilities.services.lists import generate_list, publish_list
from tests.factories import (
    DutyTemplateFactory,
    OfficialFactory,
    PortfolioAreaFactory,
    PortfolioFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year
CATALOGUE = {
    Subject.COMMITTEE: 9,
    Subject.MAIN_LEADER: 4,
    Subject.TEAM_MEMBER: 4,
    Subject.DISCIPLINE: 6,
}


def make_catalogue(year: int = YEAR) -> None:
    """Make a 9/4/4/6 catalogue for the year, in place of any the migrations shipped."""
    DutyTemplate.objects.filter(year=year).delete()
    for subject, count in CATALOGUE.items():
        for number in range(1, count + 1):
            DutyTemplateFactory(year=year, subject=subject, number=number)


@pytest.fixture
def catalogue(db):
    make_catalogue()


@pytest.fixture
def leaders(township, member):
    """The township's team: its secretary, two members (one is `member`) and its
    discipline secretary."""
    return {
        "secretary": OfficialFactory(
            unit=township,
            name="张书记",
            post="党委书记",
            rank=Official.Rank.SECTION_CHIEF,
            subject=Official.Subject.MAIN_LEADER,
        ),
        "member": member.official,
        "colleague": OfficialFactory(
            unit=township,
            name="李副镇长",
            post="副镇长",
            rank=Official.Rank.SECTION_DEPUTY,
            subject=Official.Subject.TEAM_MEMBER,
        ),
        "discipline": OfficialFactory(
            unit=township,
            name="王纪委",
            post="纪委书记",
            rank=Official.Rank.SECTION_DEPUTY,
            subject=Official.Subject.DISCIPLINE_HEAD,
        ),
    }


@pytest.fixture
def township_list(catalogue, leaders, township):
    responsibility_list, _added = generate_list(unit=township, year=YEAR)
    return responsibility_list


def counts_by_holder(responsibility_list: ResponsibilityList) -> Counter:
    duties = responsibility_list.duties.all()
    return Counter((duty.subject, duty.holder_id) for duty in duties)


def grant(user, codename: str) -> None:
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="responsibilities", codename=codename
        )
    )


# --- Generation -------------------------------------------------------------------


def test_generated_list_holds_the_catalogues_counts_for_each_subject_and_holder(
    catalogue, leaders, township
):
    responsibility_list, added = generate_list(unit=township, year=YEAR)

    assert counts_by_holder(responsibility_list) == {
        (Subject.COMMITTEE, None): 9,
        (Subject.MAIN_LEADER, leaders["secretary"].pk): 4,
        (Subject.TEAM_MEMBER, leaders["member"].pk): 4,
        (Subject.TEAM_MEMBER, leaders["colleague"].pk): 4,
        (Subject.DISCIPLINE, leaders["discipline"].pk): 6,
    }
    assert added == 27


def test_duties_copy_the_catalogues_number_and_text(catalogue, leaders, township):
    template = DutyTemplateFactory(
        year=YEAR, subject=Subject.TEAM_MEMBER, number=5, text="带头遵守廉洁自律规定。"
    )

    responsibility_list, _added = generate_list(unit=township, year=YEAR)

    duty = responsibility_list.duties.get(template=template, holder=leaders["member"])
    assert (duty.number, duty.text) == (5, "带头遵守廉洁自律规定。")


def test_each_portfolio_adds_its_duty_to_the_member_and_main_leader(
    catalogue, leaders, township
):
    finance = PortfolioAreaFactory(name="财务资金", duty_text="管好财务资金。")
    education = PortfolioAreaFactory(name="教育事业")
    PortfolioFactory(official=leaders["member"], area=finance)
    PortfolioFactory(official=leaders["member"], area=education)
    PortfolioFactory(official=leaders["secretary"], area=education)
    # A discipline secretary's portfolios are a "三转" breach, not duties on the list.
    PortfolioFactory(official=leaders["discipline"], area=finance)

    responsibility_list, added = generate_list(unit=township, year=YEAR)

    portfolio_duties = responsibility_list.duties.filter(source=Duty.Source.PORTFOLIO)
    assert sorted((duty.holder.name, duty.area.name) for duty in portfolio_duties) == [
        ("余敏", "教育事业"),
        ("余敏", "财务资金"),
        ("张书记", "教育事业"),
    ]
    assert portfolio_duties.get(area=finance).text == "管好财务资金。"
    # After the member's four catalogue duties, in the order of the areas' names.
    members = portfolio_duties.filter(holder=leaders["member"]).order_by("number")
    assert [duty.number for duty in members] == [5, 6]
    assert added == 27 + 3


def test_inactive_officials_get_no_duties(catalogue, leaders, township):
    leaders["colleague"].is_active = False
    leaders["colleague"].save()

    responsibility_list, _added = generate_list(unit=township, year=YEAR)

    assert not responsibility_list.duties.filter(holder=leaders["colleague"]).exists()


def test_city_committee_gives_its_discipline_duties_to_the_discipline_committee_head(
    catalogue, city, discipline_committee
):
    head = OfficialFactory(
        unit=discipline_committee, subject=Official.Subject.DISCIPLINE_HEAD
    )

    responsibility_list, _added = generate_list(unit=city, year=YEAR)

    discipline = responsibility_list.duties.filter(subject=Subject.DISCIPLINE)
    assert {duty.holder for duty in discipline} == {head}


def test_department_without_discipline_secretary_gives_its_duties_to_the_stationed_group_head(
    catalogue, city
):
    group = UnitFactory(kind=Unit.Kind.STATIONED_GROUP, parent=city)
    head = OfficialFactory(unit=group, subject=Official.Subject.DISCIPLINE_HEAD)
    department = UnitFactory(
        kind=Unit.Kind.DEPARTMENT, parent=city, stationed_group=group
    )

    responsibility_list, _added = generate_list(unit=department, year=YEAR)

    discipline = responsibility_list.duties.filter(subject=Subject.DISCIPLINE)
    assert discipline.count() == 6
    assert {duty.holder for duty in discipline} == {head}


def test_without_any_post_holder_the_duties_are_left_vacant(catalogue, other_township):
    responsibility_list, _added = generate_list(unit=other_township, year=YEAR)

    assert counts_by_holder(responsibility_list) == {
        (Subject.COMMITTEE, None): 9,
        (Subject.MAIN_LEADER, None): 4,
        (Subject.DISCIPLINE, None): 6,
    }


def test_regenerating_keeps_edits_adds_new_members_and_duplicates_nothing(
    township_list, township
):
    edited = township_list.duties.filter(subject=Subject.COMMITTEE).first()
    edited.measures = "每季度召开一次专题会议。"
    edited.due_on = datetime.date(YEAR, 6, 30)
    edited.save()
    newcomer = OfficialFactory(
        unit=township, name="新成员", subject=Official.Subject.TEAM_MEMBER
    )
    before = township_list.duties.count()

    again, added = generate_list(unit=township, year=YEAR)

    edited.refresh_from_db()
    assert again == township_list
    assert edited.measures == "每季度召开一次专题会议。"
    assert edited.due_on == datetime.date(YEAR, 6, 30)
    assert township_list.duties.filter(holder=newcomer).count() == 4
    assert added == 4
    assert township_list.duties.count() == before + 4
    assert generate_list(unit=township, year=YEAR)[1] == 0


def test_regenerating_gives_a_vacant_duty_to_the_new_post_holder_keeping_its_measures(
    catalogue, other_township
):
    responsibility_list, _added = generate_list(unit=other_township, year=YEAR)
    vacant = responsibility_list.duties.filter(subject=Subject.DISCIPLINE).first()
    vacant.measures = "开展专项检查。"
    vacant.save()
    head = OfficialFactory(
        unit=other_township, subject=Official.Subject.DISCIPLINE_HEAD
    )

    _again, added = generate_list(unit=other_township, year=YEAR)

    vacant.refresh_from_db()
    discipline = responsibility_list.duties.filter(subject=Subject.DISCIPLINE)
    assert added == 0
    assert discipline.count() == 6
    assert {duty.holder for duty in discipline} == {head}
    assert vacant.measures == "开展专项检查。"


def test_a_year_without_catalogue_cannot_be_generated(township):
    with pytest.raises(ValidationError):
        generate_list(unit=township, year=YEAR + 10)

    assert not ResponsibilityList.objects.exists()


def test_generation_query_count_does_not_grow_with_the_team(
    catalogue, city, other_township
):
    def queries_to_generate(unit: Unit) -> int:
        with CaptureQueriesContext(connection) as queries:
            generate_list(unit=unit, year=YEAR)
        return len(queries.captured_queries)

    larger_township = UnitFactory(kind=Unit.Kind.TOWNSHIP, parent=city)
    # Five members still fit one INSERT batch (SQLite caps the variables per statement).
    for unit, team_size in ((other_township, 1), (larger_township, 5)):
        for _index in range(team_size):
            member = OfficialFactory(unit=unit, subject=Official.Subject.TEAM_MEMBER)
            PortfolioFactory(official=member)

    assert queries_to_generate(larger_township) == queries_to_generate(other_township)


def test_generating_all_lists_runs_as_a_job_and_makes_every_committee_units_list(
    client,
    administrator,
    catalogue,
    leaders,
    city,
    discipline_committee,
    township,
    other_township,
    django_capture_on_commit_callbacks,
):
    department = UnitFactory(kind=Unit.Kind.DEPARTMENT, parent=city)
    UnitFactory(kind=Unit.Kind.STATION, parent=township)
    client.force_login(administrator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("responsibilities:list_generate"), {"year": YEAR}
        )

    job = BackgroundJob.objects.get()
    assert response.status_code == 200
    assert response.context["job"] == job
    assert 'data-testid="job-progress"' in response.text
    assert job.status == BackgroundJob.Status.DONE
    assert (job.done, job.total) == (4, 4)
    lists = ResponsibilityList.objects.filter(year=YEAR)
    assert {item.unit for item in lists} == {city, township, other_township, department}
    assert lists.get(unit=township).duties.count() == 27


def test_generating_one_unit_redirects_to_its_list(
    client, administrator, catalogue, leaders, township
):
    client.force_login(administrator)

    response = client.post(
        reverse("responsibilities:list_generate"), {"year": YEAR, "unit": township.pk}
    )

    responsibility_list = ResponsibilityList.objects.get(unit=township, year=YEAR)
    assert response.status_code == 302
    assert response.url == responsibility_list.get_absolute_url()
    assert responsibility_list.duties.count() == 27
    assert not BackgroundJob.objects.exists()


def test_generate_form_refuses_a_year_without_catalogue(
    client, administrator, township
):
    client.force_login(administrator)

    response = client.post(
        reverse("responsibilities:list_generate"), {"year": YEAR + 10}
    )

    assert response.status_code == 200
    assert "year" in response.context["form"].errors
    assert not BackgroundJob.objects.exists()


def test_generate_form_offers_committee_units_only(
    client, administrator, catalogue, city, discipline_committee, township
):
    client.force_login(administrator)

    response = client.get(reverse("responsibilities:list_generate"))

    units = set(response.context["form"].fields["unit"].queryset)
    assert response.status_code == 200
    assert units == {city, township}


def test_only_administrators_generate_lists(client, secretary, catalogue):
    client.force_login(secretary)

    response = client.get(reverse("responsibilities:list_generate"))

    assert response.status_code == 403


# --- Pages: anonymous, permissions, scope --------------------------------------------


def test_anonymous_is_sent_to_login_from_list_pages(client, township_list):
    duty = township_list.duties.first()
    for url in [
        reverse("responsibilities:list_list"),
        reverse("responsibilities:list_generate"),
        township_list.get_absolute_url(),
        duty.get_absolute_url(),
        reverse("responsibilities:duty_update", args=[duty.pk]),
        reverse("responsibilities:my_responsibilities"),
    ]:
        response = client.get(url)

        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_anonymous_cannot_publish_or_record_progress(client, township_list):
    duty = township_list.duties.first()
    for url in [
        reverse("responsibilities:list_publish", args=[township_list.pk]),
        reverse("responsibilities:duty_progress", args=[duty.pk]),
    ]:
        response = client.post(url)

        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_auditor_sees_no_lists_or_duties(client, auditor, township_list):
    client.force_login(auditor)
    duty = township_list.duties.first()

    for url in [
        reverse("responsibilities:list_list"),
        township_list.get_absolute_url(),
        duty.get_absolute_url(),
    ]:
        assert client.get(url).status_code == 403


def test_list_list_shows_the_lists_in_scope_with_their_duty_counts(
    client, member, township_list, other_township
):
    theirs, _added = generate_list(unit=other_township, year=YEAR)
    client.force_login(member)

    response = client.get(reverse("responsibilities:list_list"))

    page = list(response.context["page"])
    assert page == [township_list]
    assert page[0].duty_count == 27
    assert page[0].holder_count == 4


def test_list_list_filters_by_year_kind_status_and_unit_name(
    client, administrator, township_list, township, other_township, city
):
    generate_list(unit=other_township, year=YEAR)
    make_catalogue(YEAR - 1)
    last_year, _added = generate_list(unit=township, year=YEAR - 1)
    department_list, _added = generate_list(
        unit=UnitFactory(kind=Unit.Kind.DEPARTMENT, parent=city, name="财政局"),
        year=YEAR,
    )
    publish_list(responsibility_list=township_list, actor=administrator)
    client.force_login(administrator)
    url = reverse("responsibilities:list_list")

    def found(query: str) -> set:
        return set(client.get(url + query).context["page"])

    assert found(f"?year={YEAR - 1}") == {last_year}
    assert found("?unit_kind=department") == {department_list}
    assert found(f"?status=published&year={YEAR}") == {township_list}
    assert found("?unit_name=东湖") == {township_list, last_year}


def test_list_detail_reads_as_the_document_grouped_by_subject_and_person(
    client, member, leaders, township_list
):
    client.force_login(member)

    response = client.get(township_list.get_absolute_url())

    groups = [
        (group.subject, group.holder, len(group.duties))
        for group in response.context["groups"]
    ]
    assert groups == [
        (Subject.COMMITTEE, None, 9),
        (Subject.MAIN_LEADER, leaders["secretary"], 4),
        (Subject.TEAM_MEMBER, leaders["member"], 4),
        (Subject.TEAM_MEMBER, leaders["colleague"], 4),
        (Subject.DISCIPLINE, leaders["discipline"], 6),
    ]
    assert "张书记" in response.text


def test_list_detail_shows_internal_notes_to_staff(client, member, township_list):
    township_list.internal_notes = "班子调整中，暂缓公开。"
    township_list.save()
    client.force_login(member)

    response = client.get(township_list.get_absolute_url())

    assert "班子调整中，暂缓公开。" in response.text


def test_another_townships_list_and_duties_are_not_found(
    client, member, catalogue, other_township
):
    theirs, _added = generate_list(unit=other_township, year=YEAR)
    client.force_login(member)

    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(theirs.duties.first().get_absolute_url()).status_code == 404


def test_list_list_query_count_does_not_grow(
    client, administrator, catalogue, city, count_queries
):
    client.force_login(administrator)
    url = reverse("responsibilities:list_list")
    for _index in range(2):
        generate_list(unit=UnitFactory(parent=city), year=YEAR)
    few = count_queries(url)

    for _index in range(10):
        generate_list(unit=UnitFactory(parent=city), year=YEAR)

    assert count_queries(url) == few


def test_list_detail_query_count_does_not_grow_with_duties_and_members(
    client, administrator, township_list, township, count_queries
):
    client.force_login(administrator)
    url = township_list.get_absolute_url()
    few = count_queries(url)

    for _index in range(8):
        newcomer = OfficialFactory(unit=township, subject=Official.Subject.TEAM_MEMBER)
        PortfolioFactory(official=newcomer)
    generate_list(unit=township, year=YEAR)

    assert count_queries(url) == few


# --- Publishing ---------------------------------------------------------------------


def test_administrator_publishes_a_draft_list(client, administrator, township_list):
    client.force_login(administrator)

    response = client.post(
        reverse("responsibilities:list_publish", args=[township_list.pk])
    )

    township_list.refresh_from_db()
    assert response.status_code == 302
    assert response.url == township_list.get_absolute_url()
    assert township_list.is_published()
    assert township_list.published_by == administrator
    assert township_list.published_at is not None
    assert township_list.history.first().history_user == administrator


def test_a_published_list_is_not_published_again(client, administrator, township_list):
    publish_list(responsibility_list=township_list, actor=administrator)
    first_published_at = ResponsibilityList.objects.get().published_at
    client.force_login(administrator)

    response = client.post(
        reverse("responsibilities:list_publish", args=[township_list.pk]), follow=True
    )

    assert response.status_code == 200
    assert ResponsibilityList.objects.get().published_at == first_published_at
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_an_empty_list_cannot_be_published(administrator, township):
    empty = ResponsibilityList.objects.create(unit=township, year=YEAR)

    with pytest.raises(ValidationError):
        publish_list(responsibility_list=empty, actor=administrator)


def test_publish_is_post_only(client, administrator, township_list):
    client.force_login(administrator)

    response = client.get(
        reverse("responsibilities:list_publish", args=[township_list.pk])
    )

    assert response.status_code == 405


def test_secretary_cannot_publish(client, secretary, township_list):
    client.force_login(secretary)

    response = client.post(
        reverse("responsibilities:list_publish", args=[township_list.pk])
    )

    township_list.refresh_from_db()
    assert response.status_code == 403
    assert not township_list.is_published()


def test_publishing_a_list_out_of_scope_is_not_found(
    client, township_staff, catalogue, other_township
):
    grant(township_staff, "change_responsibilitylist")
    theirs, _added = generate_list(unit=other_township, year=YEAR)
    client.force_login(township_staff)

    response = client.post(reverse("responsibilities:list_publish", args=[theirs.pk]))

    theirs.refresh_from_db()
    assert response.status_code == 404
    assert not theirs.is_published()


# --- Duties: detail and edit --------------------------------------------------------


def test_duty_page_shows_the_duty_its_holder_and_progress(
    client, member, leaders, township_list
):
    duty = township_list.duties.get(
        holder=leaders["colleague"], subject=Subject.TEAM_MEMBER, number=1
    )
    ProgressEntry.objects.create(
        duty=duty,
        author=member,
        happened_on=datetime.date(YEAR, 1, 5),
        text="召开专题会。",
    )
    client.force_login(member)

    response = client.get(duty.get_absolute_url())

    assert response.status_code == 200
    assert response.context["duty"] == duty
    assert "李副镇长" in response.text
    assert "召开专题会。" in response.text
    assert not response.context["may_record"]  # a colleague's record is theirs to write


def test_a_member_records_progress_on_their_own_duty_but_not_a_colleagues(
    client, member, leaders, township_list, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    own = township_list.duties.get(holder=member.official, number=1)
    colleagues = township_list.duties.get(holder=leaders["colleague"], number=1)
    client.force_login(member)
    entry = {"happened_on": f"{YEAR}-01-05", "text": "召开专题会。"}

    page = client.get(own.get_absolute_url())
    mine = client.post(reverse("responsibilities:duty_progress", args=[own.pk]), entry)
    theirs = client.post(
        reverse("responsibilities:duty_progress", args=[colleagues.pk]), entry
    )

    assert re.search(r'<input type="file" name="files"[^>]* multiple', page.text)
    assert mine.status_code == 302
    assert theirs.status_code == 403
    assert own.progress_entries.count() == 1
    assert not colleagues.progress_entries.exists()


def test_a_published_list_can_no_longer_be_changed(
    client, administrator, township_list
):
    duty = township_list.duties.first()
    township_list.status = township_list.Status.PUBLISHED
    township_list.save()
    client.force_login(administrator)

    client.post(
        reverse("responsibilities:duty_update", args=[duty.pk]),
        {"measures": "改过的措施", "targets": "", "due_on": ""},
    )

    duty.refresh_from_db()
    assert duty.measures != "改过的措施"


def test_regenerating_leaves_a_published_list_alone(
    catalogue, leaders, township, township_list
):
    township_list.status = township_list.Status.PUBLISHED
    township_list.save()
    OfficialFactory(unit=township, subject=Official.Subject.TEAM_MEMBER)
    before = township_list.duties.count()

    _list, added = generate_list(unit=township, year=YEAR)

    assert added == 0
    assert township_list.duties.count() == before


def test_secretary_edits_a_duty_of_the_unit(client, secretary, township_list):
    duty = township_list.duties.first()
    client.force_login(secretary)

    response = client.post(
        reverse("responsibilities:duty_update", args=[duty.pk]),
        {
            "measures": " 每月研究一次。 ",
            "targets": "问题清零",
            "due_on": f"{YEAR}-12-31",
        },
    )

    duty.refresh_from_db()
    assert response.status_code == 302
    assert (duty.measures, duty.targets) == ("每月研究一次。", "问题清零")
    assert duty.due_on == datetime.date(YEAR, 12, 31)
    assert duty.history.first().history_user == secretary


def test_duty_edit_refuses_a_deadline_before_the_lists_year(
    client, secretary, township_list
):
    duty = township_list.duties.first()
    client.force_login(secretary)

    response = client.post(
        reverse("responsibilities:duty_update", args=[duty.pk]),
        {"measures": "", "targets": "", "due_on": f"{YEAR - 1}-12-31"},
    )

    duty.refresh_from_db()
    assert response.status_code == 200
    assert "due_on" in response.context["form"].errors
    assert duty.due_on is None


def test_team_member_cannot_edit_a_duty(client, member, township_list):
    duty = township_list.duties.filter(holder=member.official).first()
    client.force_login(member)

    response = client.get(reverse("responsibilities:duty_update", args=[duty.pk]))

    assert response.status_code == 403


def test_secretary_cannot_edit_another_townships_duty(
    client, secretary, catalogue, other_township
):
    theirs, _added = generate_list(unit=other_township, year=YEAR)
    client.force_login(secretary)

    response = client.get(
        reverse("responsibilities:duty_update", args=[theirs.duties.first().pk])
    )

    assert response.status_code == 404


def test_duty_detail_query_count_does_not_grow_with_entries_and_files(
    client, member, township_list, count_queries, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    duty = township_list.duties.filter(holder=member.official).first()
    client.force_login(member)
    url = duty.get_absolute_url()
    add_entries(duty, member, 1)
    few = count_queries(url)

    add_entries(duty, member, 10)

    assert count_queries(url) == few


def add_entries(duty: Duty, author, count: int) -> None:
    for index in range(count):
        entry = ProgressEntry.objects.create(
            duty=duty,
            author=author,
            happened_on=datetime.date(YEAR, 1, 1),
            text=f"进展{index}",
        )
        for name in ("a.pdf", "b.png"):
            Attachment.objects.create(
                progress_entry=entry,
                file=SimpleUploadedFile(name, b"data"),
                original_name=name,
                size=4,
                uploaded_by=author,
            )


# --- Progress -----------------------------------------------------------------------


def test_member_records_progress_with_an_attachment_on_their_duty(
    client, member, township_list, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    duty = township_list.duties.filter(holder=member.official).first()
    client.force_login(member)
    upload = SimpleUploadedFile("会议纪要.pdf", b"%PDF-1.4 minutes", "application/pdf")

    response = client.post(
        reverse("responsibilities:duty_progress", args=[duty.pk]),
        {
            "happened_on": TODAY.isoformat(),
            "text": "召开分管领域廉政风险排查会。",
            "files": [upload],
        },
    )

    entry = ProgressEntry.objects.get()
    attachment = entry.attachments.get()
    assert response.status_code == 302
    assert response.url == duty.get_absolute_url()
    assert (entry.duty, entry.author) == (duty, member)
    assert attachment.original_name == "会议纪要.pdf"
    assert (tmp_path / attachment.file.name).read_bytes() == b"%PDF-1.4 minutes"


def test_member_records_progress_on_a_team_duty_of_their_unit(
    client, member, township_list
):
    duty = township_list.duties.filter(subject=Subject.COMMITTEE).first()
    client.force_login(member)

    response = client.post(
        reverse("responsibilities:duty_progress", args=[duty.pk]),
        {"happened_on": TODAY.isoformat(), "text": "学习传达上级精神。"},
    )

    assert response.status_code == 302
    assert duty.progress_entries.count() == 1


def test_progress_with_a_forbidden_file_type_is_refused(
    client, member, township_list, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    duty = township_list.duties.filter(holder=member.official).first()
    client.force_login(member)

    response = client.post(
        reverse("responsibilities:duty_progress", args=[duty.pk]),
        {
            "happened_on": TODAY.isoformat(),
            "text": "上传脚本。",
            "files": [SimpleUploadedFile("run.exe", b"MZ")],
        },
    )

    assert response.status_code == 200
    assert "files" in response.context["form"].errors
    assert not ProgressEntry.objects.exists()


def test_progress_is_post_only(client, member, township_list):
    duty = township_list.duties.first()
    client.force_login(member)

    response = client.get(reverse("responsibilities:duty_progress", args=[duty.pk]))

    assert response.status_code == 405


def test_progress_on_another_townships_duty_is_not_found(
    client, member, catalogue, other_township
):
    theirs, _added = generate_list(unit=other_township, year=YEAR)
    client.force_login(member)

    response = client.post(
        reverse("responsibilities:duty_progress", args=[theirs.duties.first().pk]),
        {"happened_on": TODAY.isoformat(), "text": "越权记录。"},
    )

    assert response.status_code == 404
    assert not ProgressEntry.objects.exists()


def test_administrator_cannot_record_progress(client, administrator, township_list):
    client.force_login(administrator)
    duty = township_list.duties.first()

    response = client.post(
        reverse("responsibilities:duty_progress", args=[duty.pk]),
        {"happened_on": TODAY.isoformat(), "text": "代为记录。"},
    )

    assert response.status_code == 403
    assert not ProgressEntry.objects.exists()


# --- My responsibilities ------------------------------------------------------------


def test_member_sees_only_their_own_duties(client, member, leaders, township_list):
    client.force_login(member)

    response = client.get(reverse("responsibilities:my_responsibilities"))

    [(responsibility_list, duties)] = response.context["lists"]
    assert responsibility_list == township_list
    assert len(duties) == 4
    assert {duty.holder for duty in duties} == {leaders["member"]}


def test_my_responsibilities_spans_units(client, catalogue, city):
    group = UnitFactory(kind=Unit.Kind.STATIONED_GROUP, parent=city)
    user = UserFactory(profile__unit=group)
    OfficialFactory(unit=group, user=user, subject=Official.Subject.DISCIPLINE_HEAD)
    departments = [
        UnitFactory(kind=Unit.Kind.DEPARTMENT, parent=city, stationed_group=group)
        for _index in range(2)
    ]
    for department in departments:
        generate_list(unit=department, year=YEAR)
    client.force_login(user)

    response = client.get(reverse("responsibilities:my_responsibilities"))

    lists = response.context["lists"]
    assert [item.unit for item, _duties in lists] == departments
    assert all(len(duties) == 6 for _item, duties in lists)


def test_my_responsibilities_shows_other_years_on_request(
    client, member, township_list
):
    client.force_login(member)

    response = client.get(
        reverse("responsibilities:my_responsibilities") + f"?year={YEAR - 1}"
    )

    assert response.context["year"] == YEAR - 1
    assert response.context["lists"] == []


def test_user_without_official_record_is_told_so(client, secretary, township_list):
    client.force_login(secretary)

    response = client.get(reverse("responsibilities:my_responsibilities"))

    assert response.status_code == 200
    assert response.context["official"] is None
    assert 'class="alert alert-info"' in response.text


def test_my_responsibilities_query_count_does_not_grow(
    client, catalogue, city, count_queries
):
    group = UnitFactory(kind=Unit.Kind.STATIONED_GROUP, parent=city)
    user = UserFactory(profile__unit=group)
    OfficialFactory(unit=group, user=user, subject=Official.Subject.DISCIPLINE_HEAD)
    client.force_login(user)
    url = reverse("responsibilities:my_responsibilities")

    def add_department_list() -> None:
        department = UnitFactory(
            kind=Unit.Kind.DEPARTMENT, parent=city, stationed_group=group
        )
        generate_list(unit=department, year=YEAR)

    add_department_list()
    few = count_queries(url)

    for _index in range(5):
        add_department_list()

    assert count_queries(url) == few
