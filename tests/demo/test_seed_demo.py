import hashlib

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import CommandError

from core import roles
from core.models import AuditEvent
from demo import city
from tests.seeding import seed

pytestmark = pytest.mark.django_db

DEMO_LOGINS = {
    "admin": (roles.ADMINISTRATOR, "中州市委"),
    "staff": (roles.DISCIPLINE_STAFF, "市纪委"),
    "secretary": (roles.SECRETARY, "东湖镇"),
    "member": (roles.TEAM_MEMBER, "东湖镇"),
    "auditor": (roles.AUDITOR, "市纪委"),
}


def row_counts() -> dict[str, int]:
    """Count the rows of every model the command may write, history tables included."""
    app = apps.get_app_config("responsibilities")
    models = [User, User.groups.through, AuditEvent]
    models += app.get_models(include_auto_created=True)
    return {model._meta.label: model.objects.count() for model in models}


# The sha256 of every planned official's unit code, name and post. A changed digest
# means the demo city changed (other names, posts or units, or another random draw):
# if that was intended, update the digest here on purpose, in the same commit.
PLAN_FINGERPRINT = "4c5cc81167e129e9e5b6ff2b47a6deb1f4a98ae0b9ce862ed9d0d401c2ae9561"


def test_running_it_twice_changes_nothing(seeded_city):
    before = row_counts()

    output = seed()

    assert row_counts() == before
    assert before["responsibilities.HistoricalDuty"] > 0
    assert before["responsibilities.HistoricalKeyTask_participating_units"] > 0
    assert "0 units, 0 officials and 0 logins created" in output
    assert "0 lists published (0 duties)" in output


def test_running_it_again_keeps_a_changed_password(seeded_city):
    user = User.objects.get(username="staff")
    user.set_password("my-own-secret-1")
    user.save()

    seed("--password", "another-demo-password")

    assert User.objects.get(username="staff").check_password("my-own-secret-1")


def test_password_option_sets_the_demo_password_and_is_printed(seeded_city, client):
    # The city is seeded already, and the option sets the password of the logins a run
    # creates: take the auditor's login out of the way, so that this run creates it.
    User.objects.filter(username="auditor").update(username="earlier-auditor")

    output = seed("--password", "s3cret-demo-pw")

    assert client.login(username="auditor", password="s3cret-demo-pw")
    assert not client.login(username="auditor", password="zhongzhou-demo")
    assert "s3cret-demo-pw" in output


def test_the_planned_officials_match_the_pinned_fingerprint():
    plan = city.plan_officials(city.unit_specs())

    text = "\n".join(f"{o.unit_code}\t{o.name}\t{o.post}" for o in plan)

    assert [(o.unit_code, o.name, o.post) for o in plan[:3]] == [
        ("ZZ", "孟俊琳", "市委书记"),
        ("ZZ", "韩成", "市委副书记、市长"),
        ("ZZ", "王宇", "市委副书记"),
    ]
    assert hashlib.sha256(text.encode()).hexdigest() == PLAN_FINGERPRINT


def test_it_refuses_to_run_in_production(settings):
    # Whether or not this process has seeded the city for the other tests here.
    before = row_counts()
    settings.IS_PRODUCTION = True

    with pytest.raises(CommandError):
        seed()

    assert row_counts() == before
