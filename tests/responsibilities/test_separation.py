"""Three-way separation and signer integrity in the keeping of accounts and officials."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core import audit, roles
from core.models import AuditEvent
from responsibilities.audit import ResponsibilitiesAuditAction
from responsibilities.forms import OfficialForm
from responsibilities.models import Unit
from tests.factories import OfficialFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_site_client(client, administrator):
    administrator.is_staff = True
    administrator.save()
    client.force_login(administrator)
    return client


def test_administrator_cannot_see_or_edit_auditor_accounts(
    admin_site_client, auditor, secretary
):
    changelist = admin_site_client.get(reverse("admin:auth_user_changelist"))
    auditor_page = admin_site_client.get(
        reverse("admin:auth_user_change", args=[auditor.pk])
    )

    assert "secretary" in changelist.text
    assert "auditor" not in changelist.text
    assert auditor_page.status_code == 302  # Django admin's "no such object" answer


def test_administrator_can_grant_neither_separated_role_nor_superuser(
    admin_site_client, secretary
):
    response = admin_site_client.get(
        reverse("admin:auth_user_change", args=[secretary.pk])
    )

    offered = set(response.context["adminform"].form.fields["groups"].queryset)
    assert Group.objects.get(name=roles.AUDITOR) not in offered
    assert Group.objects.get(name=roles.ADMINISTRATOR) not in offered
    assert Group.objects.get(name=roles.SECRETARY) in offered
    assert "is_superuser" not in response.context["adminform"].form.fields


def test_changing_an_account_is_on_the_audit_trail(admin_site_client, secretary):
    page = admin_site_client.get(reverse("admin:auth_user_change", args=[secretary.pk]))
    data = {
        name: value
        for name, value in page.context["adminform"].form.initial.items()
        if value is not None
    }
    data |= {
        "username": "secretary",
        "groups": [Group.objects.get(name=roles.TEAM_MEMBER).pk],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
        "profile-TOTAL_FORMS": "1",
        "profile-INITIAL_FORMS": "1",
        "profile-0-id": secretary.profile.pk,
        "profile-0-user": secretary.pk,
        "profile-0-unit": secretary.profile.unit_id,
    }
    data.pop("last_login", None)
    data.pop("password", None)
    data.pop("user_permissions", None)

    response = admin_site_client.post(
        reverse("admin:auth_user_change", args=[secretary.pk]), data
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action=audit.CoreAuditAction.ACCOUNT_CHANGE)
    assert event.object_id == str(secretary.pk)
    assert event.detail["roles"] == [roles.TEAM_MEMBER]


def test_units_and_officials_are_read_only_in_the_django_admin(admin_site_client):
    official = OfficialFactory()

    response = admin_site_client.get(
        reverse("admin:responsibilities_official_change", args=[official.pk])
    )

    assert response.status_code == 200
    assert not response.context["has_change_permission"]


def test_nobody_can_link_their_own_account_to_an_official(
    administrator, township, secretary, auditor
):
    colleague = UserFactory(profile__unit=township, roles=[roles.TEAM_MEMBER])
    linked = UserFactory(profile__unit=township, roles=[roles.TEAM_MEMBER])
    OfficialFactory(unit=township, user=linked)

    offered = set(OfficialForm(user=administrator).fields["user"].queryset)

    assert colleague in offered
    assert secretary in offered
    assert administrator not in offered
    assert auditor not in offered
    assert linked not in offered


def test_an_official_of_a_deactivated_unit_can_still_be_corrected(
    client, administrator, township
):
    station = Unit.objects.create(
        parent=township,
        kind=Unit.Kind.STATION,
        name="旧站",
        code="OLD",
        is_active=False,
    )
    official = OfficialFactory(unit=station, post="站长")
    client.force_login(administrator)

    response = client.post(
        reverse("responsibilities:official_update", args=[official.pk]),
        {
            "unit": station.pk,
            "name": official.name,
            "post": "原站长",
            "rank": official.rank,
            "subject": official.subject,
        },
    )

    official.refresh_from_db()
    assert response.status_code == 302
    assert official.post == "原站长"


def test_unit_and_official_changes_are_on_the_audit_trail(
    client, administrator, township
):
    client.force_login(administrator)
    official = OfficialFactory(unit=township)

    client.post(
        reverse("responsibilities:official_set_active", args=[official.pk]),
        {"is_active": "0"},
    )
    client.post(
        reverse("responsibilities:unit_set_active", args=[township.pk]),
        {"is_active": "0"},
    )

    events = (
        AuditEvent.objects.filter(user=administrator)
        .exclude(action=audit.CoreAuditAction.LOGIN)
        .order_by("pk")
    )
    assert [(e.action, e.object_id) for e in events] == [
        (ResponsibilitiesAuditAction.OFFICIAL_DEACTIVATE, str(official.pk)),
        (ResponsibilitiesAuditAction.UNIT_DEACTIVATE, str(township.pk)),
    ]
    assert events[0].ip_address == "127.0.0.1"
