"""What the demo city contains once seed_demo has run (seeded once for the folder)."""

import pytest
from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from core import roles
from demo import city
from responsibilities.models import (
    Duty,
    DutyReport,
    KeyTask,
    Official,
    Period,
    Portfolio,
    ResponsibilityList,
    ReviewMeeting,
    Subject,
    Unit,
)

pytestmark = pytest.mark.django_db

DEMO_LOGINS = {
    "admin": (roles.ADMINISTRATOR, "中州市委"),
    "staff": (roles.DISCIPLINE_STAFF, "市纪委"),
    "secretary": (roles.SECRETARY, "东湖镇"),
    "member": (roles.TEAM_MEMBER, "东湖镇"),
    "auditor": (roles.AUDITOR, "市纪委"),
}


def this_year() -> int:
    return timezone.localdate().year


def test_every_demo_login_signs_in_with_the_default_password_and_lands_on_home(
    seeded_city, client
):
    for username, (role, unit) in DEMO_LOGINS.items():
        client.logout()
        response = client.post(
            reverse("login"),
            {"username": username, "password": "zhongzhou-demo"},
            follow=True,
        )
        user = User.objects.get(username=username)

        assert response.request["PATH_INFO"] == reverse("home"), username
        assert response.status_code == 200
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert user.profile.unit.display_name == unit


def test_admin_can_open_the_django_admin(seeded_city, client):
    client.login(username="admin", password="zhongzhou-demo")

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200


def test_secretary_and_member_are_the_demo_townships_secretary_and_town_head(
    seeded_city,
):
    secretary = User.objects.get(username="secretary")
    member = User.objects.get(username="member")

    assert secretary.official.unit == secretary.profile.unit
    assert secretary.official.subject == Official.Subject.MAIN_LEADER
    assert secretary.official.post == "党委书记"
    assert secretary.first_name == secretary.official.name
    assert member.official.unit == member.profile.unit
    assert member.official.post == "镇长"
    assert member.first_name == member.official.name


def test_the_city_has_its_departments_townships_and_cadre_totals(seeded_city):
    kinds = dict(
        Unit.objects.values_list("kind").annotate(n=Count("pk")).order_by("kind")
    )
    ranks = dict(
        Official.objects.values_list("rank").annotate(n=Count("pk")).order_by("rank")
    )

    assert kinds[Unit.Kind.DEPARTMENT] == 25
    assert kinds[Unit.Kind.TOWNSHIP] + kinds[Unit.Kind.SUBDISTRICT] == 15
    assert kinds[Unit.Kind.STATIONED_GROUP] == 8
    assert (
        ranks[Official.Rank.SECTION_CHIEF] + ranks[Official.Rank.SECTION_DEPUTY] == 570
    )
    assert ranks[Official.Rank.MIDDLE_MANAGER] == 1100
    assert sum(ranks.values()) == 2000


def test_every_township_has_one_secretary_and_one_discipline_head(seeded_city):
    subject = Official.Subject

    townships = Unit.objects.filter(
        kind__in=[Unit.Kind.TOWNSHIP, Unit.Kind.SUBDISTRICT]
    ).annotate(
        leaders=Count(
            "officials",
            filter=Q(officials__subject=subject.MAIN_LEADER),
            distinct=True,
        ),
        heads=Count(
            "officials",
            filter=Q(officials__subject=subject.DISCIPLINE_HEAD),
            distinct=True,
        ),
        stations=Count("children", distinct=True),
    )

    assert {(unit.leaders, unit.heads) for unit in townships} == {(1, 1)}
    assert {unit.stations for unit in townships} == {3, 4}


def test_every_station_has_a_head_among_the_middle_managers(seeded_city):
    stations = Unit.objects.filter(kind=Unit.Kind.STATION)
    heads = Official.objects.filter(
        unit__kind=Unit.Kind.STATION, rank=Official.Rank.MIDDLE_MANAGER
    ).exclude(post__contains="副")

    assert set(heads.values_list("unit", flat=True)) == set(
        stations.values_list("pk", flat=True)
    )
    assert stations.exists()


def test_seed_writes_the_planned_officials(seeded_city):
    plan = city.plan_officials(city.unit_specs())

    stored = list(Official.objects.order_by("pk").values_list("name", "post")[:50])

    assert stored == [(official.name, official.post) for official in plan[:50]]


def test_every_committee_unit_has_a_published_list_this_year_and_last(seeded_city):
    committee = Unit.objects.active().with_committee()

    published = ResponsibilityList.objects.published()

    for year in (this_year(), this_year() - 1):
        listed = published.filter(year=year).values_list("unit", flat=True)
        assert set(listed) == set(committee.values_list("pk", flat=True)), year
    assert not ResponsibilityList.objects.exclude(
        status=ResponsibilityList.Status.PUBLISHED
    ).exists()


def test_every_team_member_holds_four_duties_and_one_or_two_areas(seeded_city):
    township = Unit.objects.get(code=city.DEMO_TOWNSHIP)
    members = township.officials.filter(subject=Official.Subject.TEAM_MEMBER)

    duties = Duty.objects.filter(
        responsibility_list__unit=township, responsibility_list__year=this_year()
    )

    for member in members:
        held = duties.filter(holder=member)
        assert held.filter(source=Duty.Source.CATALOGUE).count() == 4, member
        assert held.filter(source=Duty.Source.PORTFOLIO).count() in (1, 2), member
    town_head = township.officials.get(post="镇长")
    assert "财务" in town_head.portfolios.values_list("area__name", flat=True)
    # A department's supervisory duties go to the head of its stationed group.
    department = Unit.objects.get(code="ZZ-D02")
    supervisory = Duty.objects.filter(
        responsibility_list__unit=department, subject=Subject.DISCIPLINE
    )
    assert set(supervisory.values_list("holder__unit", "holder__subject")) == {
        (department.stationed_group_id, Official.Subject.DISCIPLINE_HEAD)
    }


def test_the_three_shifts_check_finds_exactly_the_two_seeded_breaches(seeded_city):
    breaches = Portfolio.objects.breaches().select_related("official__unit", "area")

    assert sorted(
        (p.official.unit.name, p.official.post, p.area.name) for p in breaches
    ) == [("白马镇", "纪委书记", "财务"), ("龙泉镇", "纪委书记", "工程建设")]


def test_the_demo_townships_list_reads_like_a_real_one(seeded_city):
    member = User.objects.get(username="member")
    duties = Duty.objects.filter(
        responsibility_list__unit__code=city.DEMO_TOWNSHIP,
        responsibility_list__year=this_year(),
    )

    detailed = duties.exclude(measures="").exclude(targets="").exclude(due_on=None)

    assert detailed.filter(holder=None).count() == 9
    assert detailed.filter(holder__user=member).exists()
    assert {due.year for due in detailed.values_list("due_on", flat=True)} == {
        this_year()
    }
    assert duties.filter(holder__user=member, progress_entries__author=member).exists()


def test_key_tasks_are_led_by_city_leaders_and_two_are_overdue(seeded_city):
    today = timezone.localdate()

    tasks = KeyTask.objects.filter(year=this_year()).annotate(
        entries=Count("progress_entries")
    )

    assert tasks.count() == 12
    assert {task.lead_leader.unit.code for task in tasks} == {city.ROOT}
    assert {task.entries for task in tasks} <= {1, 2, 3}
    assert tasks.overdue(today).count() == 2
    assert tasks.filter(status=KeyTask.Status.DONE).exists()
    assert all(task.participating_units.exists() for task in tasks)


def test_coverage_of_last_years_reports_shows_the_units_that_did_not_report(
    seeded_city, client
):
    year = this_year() - 1
    client.login(username="staff", password="zhongzhou-demo")

    response = client.get(
        reverse("responsibilities:report_list"), {"year": year, "period": "year"}
    )

    coverage = response.context["coverage"]
    missing = {unit.code for unit in coverage["missing"]}
    assert missing == city.UNREPORTED
    assert coverage["reported"] == coverage["total"] - len(missing)
    own = DutyReport.objects.get(
        unit__code=city.DEMO_TOWNSHIP, year=year, period=Period.YEAR
    )
    assert own.written_by.username == "secretary"
    assert own.is_submitted()
    assert own.sign_offs.get().signature.signer == own.written_by


def test_last_years_review_meeting_reviews_reports_with_problems(seeded_city):
    meeting = ReviewMeeting.objects.get()

    reviews = meeting.reviews.annotate(problems_found=Count("problems"))
    assert meeting.created_by.username == "staff"
    assert str(this_year() - 1) in meeting.title
    assert 5 <= reviews.count() <= 6
    assert {review.problems_found for review in reviews} <= {1, 2}
    assert {review.report.year for review in reviews} == {this_year() - 1}
    assert (
        meeting.participants.filter(subject=Official.Subject.MAIN_LEADER).count()
        == reviews.count()
    )
