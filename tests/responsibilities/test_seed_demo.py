import hashlib
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.urls import reverse

from core import roles
from responsibilities import demo_data
from responsibilities.models import Official, Profile, Unit

pytestmark = pytest.mark.django_db

DEMO_LOGINS = {
    "admin": (roles.ADMINISTRATOR, "中州市委"),
    "staff": (roles.DISCIPLINE_STAFF, "市纪委"),
    "secretary": (roles.SECRETARY, "东湖镇"),
    "member": (roles.TEAM_MEMBER, "东湖镇"),
    "auditor": (roles.AUDITOR, "市纪委"),
}


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    models = [Unit, Official, Profile, User, User.groups.through]
    models += [Unit.history.model, Official.history.model, Profile.history.model]
    return {model._meta.label: model.objects.count() for model in models}


def test_every_demo_login_signs_in_with_the_default_password_and_lands_on_home(
    client,
):
    seed()

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


def test_admin_can_open_the_django_admin(client):
    seed()
    client.login(username="admin", password="zhongzhou-demo")

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200


def test_secretary_and_member_are_the_demo_townships_secretary_and_town_head():
    seed()

    secretary = User.objects.get(username="secretary")
    member = User.objects.get(username="member")

    assert secretary.official.unit == secretary.profile.unit
    assert secretary.official.subject == Official.Subject.MAIN_LEADER
    assert secretary.official.post == "党委书记"
    assert secretary.first_name == secretary.official.name
    assert member.official.unit == member.profile.unit
    assert member.official.post == "镇长"
    assert member.first_name == member.official.name


def test_the_city_has_its_departments_townships_and_cadre_totals():
    seed()

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


def test_every_township_has_one_secretary_and_one_discipline_head():
    seed()
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


def test_every_station_has_a_head_among_the_middle_managers():
    seed()

    stations = Unit.objects.filter(kind=Unit.Kind.STATION)
    heads = Official.objects.filter(
        unit__kind=Unit.Kind.STATION, rank=Official.Rank.MIDDLE_MANAGER
    ).exclude(post__contains="副")

    assert set(heads.values_list("unit", flat=True)) == set(
        stations.values_list("pk", flat=True)
    )
    assert stations.exists()


def test_running_it_twice_changes_nothing():
    seed()
    before = row_counts()

    output = seed()

    assert row_counts() == before
    assert "0 units, 0 officials and 0 logins created" in output


def test_running_it_again_keeps_a_changed_password():
    seed()
    user = User.objects.get(username="staff")
    user.set_password("my-own-secret-1")
    user.save()

    seed("--password", "another-demo-password")

    assert User.objects.get(username="staff").check_password("my-own-secret-1")


def test_password_option_sets_the_demo_password_and_is_printed(client):
    output = seed("--password", "s3cret-demo-pw")

    assert client.login(username="auditor", password="s3cret-demo-pw")
    assert not client.login(username="auditor", password="zhongzhou-demo")
    assert "s3cret-demo-pw" in output


# The sha256 of every planned official's unit code, name and post. A changed digest
# means the demo city changed (other names, posts or units, or another random draw):
# if that was intended, update the digest here on purpose, in the same commit.
PLAN_FINGERPRINT = "4c5cc81167e129e9e5b6ff2b47a6deb1f4a98ae0b9ce862ed9d0d401c2ae9561"


def test_the_planned_officials_match_the_pinned_fingerprint():
    plan = demo_data.plan_officials(demo_data.unit_specs())

    text = "\n".join(f"{o.unit_code}\t{o.name}\t{o.post}" for o in plan)

    assert [(o.unit_code, o.name, o.post) for o in plan[:3]] == [
        ("ZZ", "孟俊琳", "市委书记"),
        ("ZZ", "韩成", "市委副书记、市长"),
        ("ZZ", "王宇", "市委副书记"),
    ]
    assert hashlib.sha256(text.encode()).hexdigest() == PLAN_FINGERPRINT


def test_seed_writes_the_planned_officials():
    seed()
    plan = demo_data.plan_officials(demo_data.unit_specs())

    stored = list(Official.objects.order_by("pk").values_list("name", "post")[:50])

    assert stored == [(official.name, official.post) for official in plan[:50]]


def test_it_refuses_to_run_in_production(settings):
    settings.IS_PRODUCTION = True

    with pytest.raises(CommandError):
        seed()

    assert not Unit.objects.exists()
