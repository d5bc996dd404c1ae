"""Notices: drafting from the template, numbering, immutability, acknowledgement."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.admin.sites import site
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.utils import timezone

from core.models import AuditEvent, Notification
from inspections.audit import InspectionsAuditAction
from inspections.models import (
    Finding,
    Inspection,
    Notice,
    NoticeKind,
    NoticeNumber,
    NoticeTemplate,
)
from inspections.services.notices import (
    acknowledge_notice,
    draft_notice,
    issue_notice,
    update_draft,
)
from responsibilities.models import Official
from tests.factories import (
    FindingFactory,
    InspectionFactory,
    NoticeFactory,
    OfficialFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def new_notice(issuer, recipient, **fields) -> Notice:
    values = {"kind": NoticeKind.OPINION, "title": "", "body": ""} | fields
    return Notice(
        issuer=issuer,
        recipient_unit=recipient,
        response_due_on=datetime.date(2026, 6, 30),
        **values,
    )


def issued(kind: str, issuer, recipient, actor) -> Notice:
    notice = NoticeFactory(
        kind=kind, issuer=issuer, recipient_unit=recipient, created_by=actor
    )
    return issue_notice(notice=notice, actor=actor)


@time_machine.travel(datetime.datetime(2026, 5, 20, 9, tzinfo=SHANGHAI), tick=False)
def test_a_draft_takes_title_and_text_from_the_kinds_template(
    city_staff, discipline_committee, township
):
    findings = [
        FindingFactory(unit=township, description="公务用车私用。"),
        FindingFactory(unit=township, description="值班脱岗。"),
    ]
    template = NoticeTemplate.objects.get(kind=NoticeKind.OPINION)
    template.body = "{recipient}：\n{findings}\n请于{due_on}前报送。{year}"
    template.save()

    notice = draft_notice(
        notice=new_notice(None, township), findings=findings, actor=city_staff
    )

    assert notice.title == template.title
    assert notice.body == (
        "东湖镇：\n1. 公务用车私用。\n2. 值班脱岗。\n请于2026年6月30日前报送。2026"
    )
    assert notice.issuer == discipline_committee
    assert notice.status == Notice.Status.DRAFT
    assert set(notice.findings.all()) == set(findings)
    assert AuditEvent.objects.filter(action=InspectionsAuditAction.NOTICE_SAVE).exists()


def test_a_title_and_text_typed_in_are_kept(city_staff, township):
    notice = new_notice(None, township, title="自拟标题", body="自拟正文")

    notice = draft_notice(notice=notice, findings=[], actor=city_staff)

    assert (notice.title, notice.body) == ("自拟标题", "自拟正文")


def test_a_draft_refuses_findings_of_another_unit(city_staff, township, other_township):
    stranger = FindingFactory(unit=other_township)

    with pytest.raises(ValidationError):
        draft_notice(
            notice=new_notice(None, township), findings=[stranger], actor=city_staff
        )


def test_a_finding_below_the_recipient_unit_is_accepted(city_staff, township):
    from tests.factories import UnitFactory

    station = UnitFactory(parent=township, name="东湖镇农业站")
    finding = FindingFactory(unit=station)

    notice = draft_notice(
        notice=new_notice(None, township), findings=[finding], actor=city_staff
    )

    assert list(notice.findings.all()) == [finding]


def test_a_draft_refuses_findings_the_actor_may_not_see(city_staff, township):
    visit = InspectionFactory(kind=Inspection.Kind.COVERT_VISIT, units=[township])
    secret = FindingFactory(
        unit=township, inspection=visit, source=Finding.Source.INSPECTION
    )

    with pytest.raises(PermissionDenied):
        draft_notice(
            notice=new_notice(None, township), findings=[secret], actor=city_staff
        )


def test_numbers_run_1_2_3_per_kind_and_each_kind_has_its_own(
    city_staff, discipline_committee, township
):
    opinions = [
        issued(NoticeKind.OPINION, discipline_committee, township, city_staff)
        for _ in range(3)
    ]
    efficiency = issued(
        NoticeKind.EFFICIENCY, discipline_committee, township, city_staff
    )

    assert [notice.sequence for notice in opinions] == [1, 2, 3]
    assert efficiency.sequence == 1
    year = opinions[0].year
    assert opinions[2].number == f"中纪监〔{year}〕3号"
    assert efficiency.number == f"中纪效〔{year}〕1号"


def test_each_year_starts_again_at_1_in_shanghai_time(
    city_staff, discipline_committee, township
):
    with time_machine.travel(datetime.datetime(2026, 12, 31, 23, tzinfo=SHANGHAI)):
        last = issued(NoticeKind.OPINION, discipline_committee, township, city_staff)
    # 16:30 UTC on New Year's Eve is already 2027 in Shanghai.
    new_year = datetime.datetime(2026, 12, 31, 16, 30, tzinfo=datetime.UTC)
    with time_machine.travel(new_year):
        first = issued(NoticeKind.OPINION, discipline_committee, township, city_staff)

    assert (last.year, last.sequence) == (2026, 1)
    assert (first.year, first.sequence, first.number) == (2027, 1, "中纪监〔2027〕1号")


def test_the_number_format_is_a_setting(
    settings, city_staff, discipline_committee, township
):
    settings.NOTICE_NUMBER_FORMATS = {
        **settings.NOTICE_NUMBER_FORMATS,
        "opinion": "测试〔{year}〕第{number}号",
    }

    notice = issued(NoticeKind.OPINION, discipline_committee, township, city_staff)

    assert notice.number == f"测试〔{notice.year}〕第{notice.sequence}号"


def test_a_failed_issue_gives_its_number_back(
    settings, city_staff, discipline_committee, township
):
    formats = settings.NOTICE_NUMBER_FORMATS
    notice = NoticeFactory(issuer=discipline_committee, recipient_unit=township)
    settings.NOTICE_NUMBER_FORMATS = {}
    with pytest.raises(KeyError):
        issue_notice(notice=notice, actor=city_staff)
    settings.NOTICE_NUMBER_FORMATS = formats

    notice = issue_notice(notice=notice, actor=city_staff)

    assert notice.sequence == 1
    assert NoticeNumber.objects.get(kind=NoticeKind.OPINION).last == 1


def test_issuing_records_who_when_and_the_audit_entry(city_staff, township_notice):
    notice = issue_notice(notice=township_notice, actor=city_staff)

    notice.refresh_from_db()
    assert notice.status == Notice.Status.ISSUED
    assert notice.issued_by == city_staff
    assert notice.issued_at is not None
    assert notice.history.first().history_user == city_staff
    event = AuditEvent.objects.get(action=InspectionsAuditAction.NOTICE_ISSUE)
    assert event.detail["number"] == notice.number


def test_issuing_twice_is_refused(city_staff, issued_township_notice):
    with pytest.raises(ValidationError):
        issue_notice(notice=issued_township_notice, actor=city_staff)


def test_issuing_leaves_open_findings_open(city_staff, township_notice):
    issue_notice(notice=township_notice, actor=city_staff)

    assert township_notice.findings.get().status == Finding.Status.OPEN


def test_the_recipient_secretary_is_notified_on_issue(
    city_staff,
    secretary,
    secretary_official,
    township_notice,
    django_capture_on_commit_callbacks,
):
    secretary.email = "wang@example.com"
    secretary.save()

    with django_capture_on_commit_callbacks(execute=True):
        notice = issue_notice(notice=township_notice, actor=city_staff)

    notification = Notification.objects.get(user=secretary)
    assert notice.number in notification.title
    assert notification.url == notice.get_absolute_url()
    assert mail.outbox[0].to == ["wang@example.com"]


def test_a_paper_notice_from_the_archive_takes_its_years_number_and_notifies_no_one(
    city_staff, secretary, secretary_official, township_notice
):
    paper_day = datetime.datetime(2025, 3, 4, 10, tzinfo=ZoneInfo("Asia/Shanghai"))

    notice = issue_notice(notice=township_notice, actor=city_staff, issued_at=paper_day)

    assert (notice.year, notice.sequence) == (2025, 1)
    assert "〔2025〕1号" in notice.number
    assert notice.issued_at == paper_day
    assert not Notification.objects.filter(user=secretary).exists()


def test_a_paper_notice_says_it_was_registered_from_the_archive(
    client, city_staff, township_notice
):
    paper_day = datetime.datetime(2025, 3, 4, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    notice = issue_notice(notice=township_notice, actor=city_staff, issued_at=paper_day)
    client.force_login(city_staff)

    page = client.get(notice.get_absolute_url()).text

    assert notice.is_from_archive
    assert "从档案登记" in page
    assert "纸质印发日期" in page
    assert "2025-03-04" in page


def test_a_notice_issued_now_is_not_from_the_archive(city_staff, township_notice):
    notice = issue_notice(notice=township_notice, actor=city_staff)

    assert not notice.is_from_archive


def test_a_paper_notice_cannot_be_dated_in_the_future(city_staff, township_notice):
    tomorrow = timezone.now() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError):
        issue_notice(notice=township_notice, actor=city_staff, issued_at=tomorrow)

    township_notice.refresh_from_db()
    assert township_notice.status == Notice.Status.DRAFT


def test_a_leaders_work_recommendation_notifies_the_leader(
    city, city_staff, discipline_committee, township
):
    leader_user = UserFactory(profile__unit=city)
    leader = OfficialFactory(unit=city, user=leader_user, name="李市长", post="副市长")
    notice = NoticeFactory(
        kind=NoticeKind.WORK_RECOMMENDATION,
        issuer=discipline_committee,
        recipient_unit=None,
        recipient_leader=leader,
    )

    issue_notice(notice=notice, actor=city_staff)
    acknowledge_notice(notice=notice, actor=leader_user)

    assert Notification.objects.filter(user=leader_user).exists()
    notice.refresh_from_db()
    assert notice.status == Notice.Status.ACKNOWLEDGED


def test_an_issued_notice_refuses_every_change(city_staff, issued_township_notice):
    notice = issued_township_notice

    with pytest.raises(PermissionDenied):
        update_draft(notice=notice, findings=[], actor=city_staff)
    notice.title = "改过的标题"
    with pytest.raises(PermissionError):
        notice.save()
    with pytest.raises(PermissionError):
        notice.save(update_fields=["title"])
    with pytest.raises(PermissionError):
        notice.delete()
    notice.refresh_from_db()
    assert notice.title == "关于东湖镇监督检查发现问题的意见"


def test_an_issued_notice_cannot_go_back_to_draft(issued_township_notice):
    notice = issued_township_notice
    notice.status = Notice.Status.DRAFT

    with pytest.raises(PermissionError):
        notice.save(update_fields=["status"])

    notice.refresh_from_db()
    assert notice.status == Notice.Status.ISSUED


def test_the_admin_shows_notices_read_only(administrator, issued_township_notice):
    request = RequestFactory().get("/")
    request.user = administrator
    admin = site._registry[Notice]

    assert not admin.has_change_permission(request, issued_township_notice)
    assert not admin.has_delete_permission(request, issued_township_notice)


def test_the_secretary_acknowledges_receipt_once(secretary, issued_township_notice):
    notice = acknowledge_notice(notice=issued_township_notice, actor=secretary)

    assert notice.status == Notice.Status.ACKNOWLEDGED
    assert notice.acknowledged_by == secretary
    assert AuditEvent.objects.filter(
        action=InspectionsAuditAction.NOTICE_ACKNOWLEDGE, user=secretary
    ).exists()
    with pytest.raises(ValidationError):
        acknowledge_notice(notice=notice, actor=secretary)


def test_only_the_recipients_secretary_acknowledges(
    member, city_staff, issued_township_notice
):
    for user in (member, city_staff):
        with pytest.raises(PermissionDenied):
            acknowledge_notice(notice=issued_township_notice, actor=user)


def test_a_former_secretary_no_longer_acknowledges(
    secretary, secretary_official, issued_township_notice
):
    secretary_official.is_active = False
    secretary_official.save()

    with pytest.raises(PermissionDenied):
        acknowledge_notice(notice=issued_township_notice, actor=secretary)


def test_a_draft_cannot_be_acknowledged(secretary, secretary_official, township_notice):
    with pytest.raises(ValidationError):
        acknowledge_notice(notice=township_notice, actor=secretary)


def test_another_units_main_leader_cannot_acknowledge(
    other_township, issued_township_notice
):
    user = UserFactory(profile__unit=other_township)
    OfficialFactory(
        unit=other_township, user=user, subject=Official.Subject.MAIN_LEADER
    )

    with pytest.raises(PermissionDenied):
        acknowledge_notice(notice=issued_township_notice, actor=user)
