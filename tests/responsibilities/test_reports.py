import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.services.signoffs import sign_off_report
from core import roles
from responsibilities.models import (
    DutyReport,
    Official,
    Period,
    Review,
    ReviewMeeting,
    ReviewProblem,
    Unit,
)
from responsibilities.services.reports import (
    record_review,
    update_report,
    write_report,
)
from tests.factories import (
    DutyReportFactory,
    OfficialFactory,
    ReviewMeetingFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def party_secretary(secretary, township):
    """The township's party secretary: the official the `secretary` account signs as."""
    return OfficialFactory(
        unit=township,
        user=secretary,
        name="林涛",
        post="党委书记",
        rank=Official.Rank.SECTION_CHIEF,
        subject=Official.Subject.MAIN_LEADER,
    )


@pytest.fixture
def report(township, party_secretary, secretary):
    """A submitted report of the township."""
    return DutyReportFactory(
        unit=township, written_by=secretary, text="东湖镇2026年度落实主体责任情况。"
    )


@pytest.fixture
def draft(township, party_secretary, secretary):
    return DutyReportFactory(
        unit=township, written_by=secretary, text="初稿。", draft=True
    )


@pytest.fixture
def other_report(other_township):
    return DutyReportFactory(unit=other_township)


@pytest.fixture
def meeting(city_staff):
    return ReviewMeetingFactory(
        created_by=city_staff,
        organiser=city_staff.profile.unit,
        title="2026年度述责述廉评议会",
    )


def pdf(name: str = "报告附件.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")


def report_data(**overrides) -> dict:
    return {"year": 2026, "period": Period.YEAR, "text": "全年情况。", **overrides}


def review_data(report: DutyReport, problems: list[tuple[str, str]], **overrides):
    data = {
        "report": report.pk,
        "rating": Review.Rating.FAIR,
        "comments": "责任分解不够具体。",
        "problems-TOTAL_FORMS": 3,
        "problems-INITIAL_FORMS": 0,
        **overrides,
    }
    for index, (description, requirement) in enumerate(problems):
        data[f"problems-{index}-description"] = description
        data[f"problems-{index}-rectification_requirement"] = requirement
    return data


# --- Writing reports (a draft, submitted by the secretary's sign-off) ---


def test_secretary_writes_a_draft_report_with_attachments(
    client, secretary, party_secretary, township
):
    client.force_login(secretary)

    response = client.post(
        reverse("responsibilities:report_create"),
        report_data(files=[pdf(), pdf("明细.xlsx")]),
    )

    report = DutyReport.objects.get()
    assert response.status_code == 302
    assert response.url == report.get_absolute_url()
    assert report.unit == township
    assert report.written_by == secretary
    assert not report.is_submitted()
    assert report.submitted_at is None
    assert (report.year, report.period) == (2026, Period.YEAR)
    names = {attachment.original_name for attachment in report.attachments.all()}
    assert names == {"报告附件.pdf", "明细.xlsx"}


def test_the_draft_page_leads_the_secretary_to_edit_or_sign_it_off(
    client, secretary, party_secretary, draft
):
    client.force_login(secretary)

    response = client.get(draft.get_absolute_url())

    assert response.context["may_edit"]
    assert response.context["may_sign_off"]
    sign_off_url = reverse("commitments:signoff_report_create", args=[draft.pk])
    assert sign_off_url in response.text
    assert reverse("responsibilities:report_update", args=[draft.pk]) in response.text


def test_discipline_staff_see_a_draft_but_can_neither_edit_nor_sign_it(
    client, township_staff, draft
):
    client.force_login(township_staff)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 200
    assert not response.context["may_edit"]
    assert not response.context["may_sign_off"]
    assert 'data-testid="draft-notice"' in response.text


def test_secretary_sees_the_report_form(client, secretary, party_secretary):
    client.force_login(secretary)

    response = client.get(reverse("responsibilities:report_create"))

    assert response.status_code == 200
    assert response.context["secretary"] == party_secretary


def test_member_cannot_write_a_report(client, member):
    client.force_login(member)

    response = client.post(reverse("responsibilities:report_create"), report_data())

    assert response.status_code == 403
    assert not DutyReport.objects.exists()


def test_secretary_account_without_an_active_main_leader_record_gets_403(
    client, secretary, party_secretary
):
    Official.objects.filter(pk=party_secretary.pk).update(is_active=False)
    client.force_login(secretary)

    response = client.get(reverse("responsibilities:report_create"))

    assert response.status_code == 403


def test_second_report_for_the_same_period_is_refused(
    client, secretary, party_secretary, report
):
    client.force_login(secretary)

    response = client.post(reverse("responsibilities:report_create"), report_data())

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert DutyReport.objects.count() == 1


def test_a_report_for_another_period_is_accepted(
    client, secretary, party_secretary, report
):
    client.force_login(secretary)

    client.post(
        reverse("responsibilities:report_create"),
        report_data(period=Period.FIRST_HALF),
    )

    assert DutyReport.objects.count() == 2


def test_report_without_text_or_with_a_forbidden_file_keeps_input(
    client, secretary, party_secretary
):
    client.force_login(secretary)
    script = SimpleUploadedFile("run.exe", b"MZ")

    response = client.post(
        reverse("responsibilities:report_create"),
        report_data(text="", period=Period.SECOND_HALF, files=[script]),
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert set(form.errors) == {"text", "files"}
    assert form["period"].value() == Period.SECOND_HALF
    assert not DutyReport.objects.exists()


def test_only_the_units_own_secretary_can_write_its_report(
    secretary, party_secretary, other_township
):
    with pytest.raises(PermissionDenied):
        write_report(
            unit=other_township,
            year=2026,
            period=Period.YEAR,
            text="代报",
            files=[],
            written_by=secretary,
        )


def test_service_refuses_a_second_report_for_the_period(
    secretary, party_secretary, township, draft
):
    with pytest.raises(ValidationError):
        write_report(
            unit=township,
            year=draft.year,
            period=draft.period,
            text="再写一份",
            files=[],
            written_by=secretary,
        )


# --- Editing a draft ---


def test_secretary_edits_the_draft_and_adds_a_file(
    client, secretary, party_secretary, draft
):
    client.force_login(secretary)
    url = reverse("responsibilities:report_update", args=[draft.pk])

    form_page = client.get(url)
    response = client.post(url, {"text": "修改后的报告。", "files": [pdf()]})

    draft.refresh_from_db()
    assert form_page.context["form"]["text"].value() == "初稿。"
    assert response.status_code == 302
    assert response.url == draft.get_absolute_url()
    assert draft.text == "修改后的报告。"
    assert not draft.is_submitted()
    assert [a.original_name for a in draft.attachments.all()] == ["报告附件.pdf"]


def test_editing_a_draft_without_text_keeps_the_old_text(
    client, secretary, party_secretary, draft
):
    client.force_login(secretary)

    response = client.post(
        reverse("responsibilities:report_update", args=[draft.pk]), {"text": ""}
    )

    draft.refresh_from_db()
    assert response.status_code == 200
    assert "text" in response.context["form"].errors
    assert draft.text == "初稿。"


def test_a_submitted_report_cannot_be_edited_in_the_view(
    client, secretary, party_secretary, report
):
    client.force_login(secretary)
    url = reverse("responsibilities:report_update", args=[report.pk])

    page = client.get(url)
    response = client.post(url, {"text": "事后修改"}, follow=True)

    report.refresh_from_db()
    assert page.status_code == 302
    assert report.text == "东湖镇2026年度落实主体责任情况。"
    assert list(response.context["messages"])
    assert not response.context["may_edit"]


def test_a_submitted_report_is_refused_by_the_service_and_the_model(
    secretary, party_secretary, report
):
    with pytest.raises(ValidationError):
        update_report(report=report, text="事后修改", files=[], actor=secretary)
    report.text = "事后修改"
    with pytest.raises(PermissionError):
        report.save()
    with pytest.raises(PermissionError):
        report.delete()


def test_only_the_units_secretary_edits_its_draft(client, member, draft):
    client.force_login(member)

    response = client.post(
        reverse("responsibilities:report_update", args=[draft.pk]), {"text": "改"}
    )

    assert response.status_code == 403


def test_a_draft_of_another_township_is_not_found(client, secretary, other_township):
    theirs = DutyReportFactory(unit=other_township, draft=True)
    client.force_login(secretary)

    response = client.get(reverse("responsibilities:report_update", args=[theirs.pk]))

    assert response.status_code == 404


# --- Report list and coverage ---


def test_coverage_lists_exactly_the_units_without_a_report(
    client, city_staff, city, township, other_township, report
):
    department = UnitFactory(kind=Unit.Kind.DEPARTMENT, parent=city, name="市财政局")
    UnitFactory(kind=Unit.Kind.STATION, parent=township)  # keeps no report
    UnitFactory(kind=Unit.Kind.TOWNSHIP, parent=city, is_active=False)
    DutyReportFactory(unit=other_township, period=Period.FIRST_HALF)
    DutyReportFactory(unit=department, draft=True)  # written, not signed off
    client.force_login(city_staff)

    response = client.get(
        reverse("responsibilities:report_list"), {"year": 2026, "period": "year"}
    )

    coverage = response.context["coverage"]
    assert set(coverage["missing"]) == {city, other_township, department}
    assert coverage["drafting"] == {department.pk}
    assert (coverage["reported"], coverage["total"]) == (1, 4)
    assert coverage["percent"] == 25
    assert "市财政局 · " in response.text


def test_coverage_is_limited_to_the_users_scope(
    client, township_staff, township, other_township
):
    client.force_login(township_staff)

    response = client.get(
        reverse("responsibilities:report_list"), {"year": 2026, "period": "h1"}
    )

    assert response.context["coverage"]["missing"] == [township]


def test_report_list_filters_by_period_and_hides_other_scopes(
    client, township_staff, report, other_report
):
    half_year = DutyReportFactory(unit=report.unit, period=Period.FIRST_HALF)
    client.force_login(township_staff)

    response = client.get(reverse("responsibilities:report_list"), {"period": "h1"})

    assert list(response.context["page"]) == [half_year]


def test_report_list_shows_all_reports_in_scope(
    client, township_staff, report, other_report
):
    client.force_login(township_staff)

    response = client.get(reverse("responsibilities:report_list"))

    assert list(response.context["page"]) == [report]


def test_report_list_shows_drafts_and_filters_by_status(
    client, township_staff, township, report
):
    draft = DutyReportFactory(unit=township, period=Period.FIRST_HALF, draft=True)
    client.force_login(township_staff)
    url = reverse("responsibilities:report_list")

    everything = client.get(url)
    drafts = client.get(url, {"status": "draft"})

    assert set(everything.context["page"]) == {report, draft}
    assert list(drafts.context["page"]) == [draft]


def test_auditor_cannot_read_reports(client, auditor):
    client.force_login(auditor)

    response = client.get(reverse("responsibilities:report_list"))

    assert response.status_code == 403


def test_report_list_query_count_does_not_grow(client, city_staff, city, count_queries):
    client.force_login(city_staff)
    url = reverse("responsibilities:report_list") + "?year=2026&period=year"
    DutyReportFactory.create_batch(2, unit__parent=city, unit__kind=Unit.Kind.TOWNSHIP)
    few = count_queries(url)

    DutyReportFactory.create_batch(
        20, unit__parent=city, unit__kind=Unit.Kind.DEPARTMENT
    )
    UnitFactory.create_batch(10, parent=city)

    assert count_queries(url) == few


# --- Report detail ---


def test_report_detail_shows_the_sign_off_attachments_and_reviews(
    client, secretary, party_secretary, township, meeting
):
    report = write_report(
        unit=township,
        year=2026,
        period=Period.YEAR,
        text="全年情况。",
        files=[pdf()],
        written_by=secretary,
    )
    sign_off = sign_off_report(
        duty_report=report, signer=secretary, opinion="情况属实，本人负责。"
    )
    record_review(
        meeting=meeting,
        report=report,
        comments="总体较好。",
        rating=Review.Rating.FAIRLY_GOOD,
        problems=[{"description": "台账不全", "rectification_requirement": "补齐"}],
        actor=meeting.created_by,
    )
    client.force_login(secretary)

    response = client.get(report.get_absolute_url())

    assert response.status_code == 200
    assert "林涛" in response.text
    assert "情况属实，本人负责。" in response.text
    assert sign_off.get_absolute_url() in response.text
    assert "报告附件.pdf" in response.text
    assert response.context["attachments"][0].get_absolute_url() in response.text
    assert "总体较好。" in response.text
    assert "台账不全" in response.text


def test_township_staff_cannot_open_another_townships_report(
    client, township_staff, other_report
):
    client.force_login(township_staff)

    response = client.get(other_report.get_absolute_url())

    assert response.status_code == 404


def test_anonymous_is_sent_to_login_from_every_page(
    client, report, meeting, party_secretary
):
    urls = [
        reverse("responsibilities:report_list"),
        reverse("responsibilities:report_create"),
        report.get_absolute_url(),
        reverse("responsibilities:report_update", args=[report.pk]),
        reverse("responsibilities:meeting_list"),
        reverse("responsibilities:meeting_create"),
        meeting.get_absolute_url(),
        reverse("responsibilities:review_create", args=[meeting.pk]),
        reverse("responsibilities:portfolio_register"),
        reverse("responsibilities:portfolio_edit", args=[party_secretary.pk]),
    ]
    for url in urls:
        response = client.get(url)

        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


# --- Review meetings ---


def test_discipline_staff_create_a_meeting_and_see_it_at_once(
    client, city_staff, party_secretary, member
):
    client.force_login(city_staff)
    team_member = member.official

    response = client.post(
        reverse("responsibilities:meeting_create"),
        {
            "held_on": "2026-12-20",
            "title": "年度评议会",
            "participants": [party_secretary.pk, team_member.pk],
        },
    )

    meeting = ReviewMeeting.objects.get()
    assert response.status_code == 302
    assert response.url == meeting.get_absolute_url()
    assert meeting.created_by == city_staff
    assert meeting.held_on == datetime.date(2026, 12, 20)
    assert set(meeting.participants.all()) == {party_secretary, team_member}
    listed = client.get(reverse("responsibilities:meeting_list")).context["page"]
    assert list(listed) == [meeting]


def test_meeting_participants_must_be_officials_in_scope(
    client, township_staff, other_township
):
    stranger = OfficialFactory(
        unit=other_township, subject=Official.Subject.MAIN_LEADER
    )
    client.force_login(township_staff)

    response = client.post(
        reverse("responsibilities:meeting_create"),
        {"held_on": "2026-12-20", "title": "评议会", "participants": [stranger.pk]},
    )

    assert response.status_code == 200
    assert "participants" in response.context["form"].errors
    assert not ReviewMeeting.objects.exists()


def test_meeting_form_offers_only_active_team_officials_in_scope(
    client, township_staff, township, party_secretary
):
    OfficialFactory(unit=township, subject=Official.Subject.NONE)
    OfficialFactory(
        unit=township, subject=Official.Subject.TEAM_MEMBER, is_active=False
    )
    client.force_login(township_staff)

    response = client.get(reverse("responsibilities:meeting_create"))

    offered = response.context["form"].fields["participants"].queryset
    assert list(offered) == [party_secretary]


def test_secretary_cannot_create_a_meeting(client, secretary):
    client.force_login(secretary)

    response = client.get(reverse("responsibilities:meeting_create"))

    assert response.status_code == 403


def test_secretary_sees_a_meeting_where_their_unit_took_part(
    client, secretary, party_secretary, meeting
):
    meeting.participants.add(party_secretary)
    client.force_login(secretary)

    response = client.get(meeting.get_absolute_url())

    assert response.status_code == 200
    assert response.context["review_form"] is None


def test_township_staff_cannot_open_a_meeting_about_another_township(
    client, township_staff, other_township, meeting
):
    meeting.participants.add(OfficialFactory(unit=other_township))
    client.force_login(township_staff)

    response = client.get(meeting.get_absolute_url())

    assert response.status_code == 404


def test_a_participant_reads_only_the_reviews_of_reports_in_their_scope(
    client, secretary, party_secretary, city_staff, meeting, report, other_report
):
    meeting.participants.add(party_secretary)
    for reviewed in (report, other_report):
        meeting.reviews.create(report=reviewed, comments="评议意见", rating="good")
    client.force_login(secretary)

    response = client.get(meeting.get_absolute_url())

    assert [review.report for review in response.context["reviews"]] == [report]


def test_staff_of_a_township_cannot_record_reviews_in_the_citys_meeting(
    client, township_staff, township, meeting, report
):
    meeting.participants.add(OfficialFactory(unit=township))
    client.force_login(township_staff)

    response = client.post(
        reverse("responsibilities:review_create", args=[meeting.pk]),
        review_data(report, []),
    )

    assert response.status_code == 403
    assert not meeting.reviews.exists()


def test_review_with_problems_is_saved_together(client, city_staff, meeting, report):
    client.force_login(city_staff)
    problems = [("廉政谈话未全覆盖", "年底前补谈"), ("台账不全", "一个月内补齐")]

    response = client.post(
        reverse("responsibilities:review_create", args=[meeting.pk]),
        review_data(report, problems),
    )

    review = Review.objects.get()
    assert response.status_code == 302
    assert response.url == meeting.get_absolute_url()
    assert (review.meeting, review.report) == (meeting, report)
    assert review.rating == Review.Rating.FAIR
    saved = review.problems.values_list("description", "rectification_requirement")
    assert list(saved) == problems


def test_review_without_problems_is_accepted(client, city_staff, meeting, report):
    client.force_login(city_staff)

    client.post(
        reverse("responsibilities:review_create", args=[meeting.pk]),
        review_data(report, [], rating=Review.Rating.GOOD),
    )

    assert Review.objects.get().problems.count() == 0


def test_invalid_review_keeps_input_and_saves_nothing(
    client, city_staff, meeting, report
):
    client.force_login(city_staff)
    data = review_data(report, [("问题一", "要求一"), ("只写了问题", "")], rating="")

    response = client.post(
        reverse("responsibilities:review_create", args=[meeting.pk]), data
    )

    assert response.status_code == 200
    assert "rating" in response.context["review_form"].errors
    assert response.context["problems"].errors[1]
    assert "只写了问题" in response.text
    assert "责任分解不够具体。" in response.text
    assert response.context["meeting"] == meeting
    assert not Review.objects.exists()
    assert not ReviewProblem.objects.exists()


def test_a_report_is_reviewed_once_per_meeting(client, city_staff, meeting, report):
    record_review(
        meeting=meeting,
        report=report,
        comments="好",
        rating=Review.Rating.GOOD,
        problems=[],
        actor=city_staff,
    )
    client.force_login(city_staff)

    response = client.post(
        reverse("responsibilities:review_create", args=[meeting.pk]),
        review_data(report, []),
    )

    assert response.status_code == 200
    assert "report" in response.context["review_form"].errors
    assert Review.objects.count() == 1


def test_service_refuses_a_second_review_of_a_report_in_a_meeting(
    city_staff, meeting, report
):
    record_review(
        meeting=meeting,
        report=report,
        comments="好",
        rating=Review.Rating.GOOD,
        problems=[],
        actor=city_staff,
    )

    with pytest.raises(ValidationError):
        record_review(
            meeting=meeting,
            report=report,
            comments="再评",
            rating=Review.Rating.POOR,
            problems=[],
            actor=city_staff,
        )


def test_a_draft_is_not_offered_for_review_and_the_service_refuses_it(
    client, city_staff, meeting, draft
):
    client.force_login(city_staff)

    response = client.post(
        reverse("responsibilities:review_create", args=[meeting.pk]),
        review_data(draft, []),
    )

    assert response.status_code == 200
    assert "report" in response.context["review_form"].errors
    with pytest.raises(ValidationError):
        record_review(
            meeting=meeting,
            report=draft,
            comments="好",
            rating=Review.Rating.GOOD,
            problems=[],
            actor=city_staff,
        )
    assert not Review.objects.exists()


def test_reports_out_of_scope_cannot_be_reviewed(
    client, township_staff, township, other_report
):
    meeting = ReviewMeetingFactory(created_by=township_staff, organiser=township)
    client.force_login(township_staff)

    response = client.post(
        reverse("responsibilities:review_create", args=[meeting.pk]),
        review_data(other_report, []),
    )

    assert response.status_code == 200
    assert "report" in response.context["review_form"].errors


def test_secretary_cannot_record_a_review(
    client, secretary, party_secretary, meeting, report
):
    meeting.participants.add(party_secretary)
    client.force_login(secretary)

    response = client.post(
        reverse("responsibilities:review_create", args=[meeting.pk]),
        review_data(report, []),
    )

    assert response.status_code == 403


def test_review_create_refuses_get(client, city_staff, meeting):
    client.force_login(city_staff)

    response = client.get(reverse("responsibilities:review_create", args=[meeting.pk]))

    assert response.status_code == 405


def test_meeting_list_query_count_does_not_grow(
    client, city_staff, city, count_queries
):
    client.force_login(city_staff)
    url = reverse("responsibilities:meeting_list")

    def meetings(count: int) -> None:
        for _index in range(count):
            meeting = ReviewMeetingFactory(created_by=city_staff)
            meeting.participants.add(
                *OfficialFactory.create_batch(2, unit__parent=city)
            )
            report = DutyReportFactory(unit__parent=city)
            record_review(
                meeting=meeting,
                report=report,
                comments="好",
                rating=Review.Rating.GOOD,
                problems=[],
                actor=city_staff,
            )

    meetings(2)
    few = count_queries(url)

    meetings(12)

    assert count_queries(url) == few


def test_meeting_detail_query_count_does_not_grow(
    client, city_staff, city, meeting, count_queries
):
    client.force_login(city_staff)

    def reviews(count: int) -> None:
        for _index in range(count):
            report = DutyReportFactory(unit__parent=city)
            meeting.participants.add(OfficialFactory(unit=report.unit))
            record_review(
                meeting=meeting,
                report=report,
                comments="一般",
                rating=Review.Rating.FAIR,
                problems=[{"description": "问题", "rectification_requirement": "整改"}]
                * 2,
                actor=city_staff,
            )
            DutyReportFactory(unit__parent=city)  # still to review: in the form

    reviews(2)
    few = count_queries(meeting.get_absolute_url())

    reviews(10)

    assert count_queries(meeting.get_absolute_url()) == few


def test_secretary_account_linked_to_a_team_member_gets_403(client, township):
    user = UserFactory(profile__unit=township, roles=[roles.SECRETARY])
    OfficialFactory(unit=township, user=user, subject=Official.Subject.TEAM_MEMBER)
    client.force_login(user)

    response = client.get(reverse("responsibilities:report_create"))

    assert response.status_code == 403
