import pytest
from django.urls import reverse
from django.utils import timezone

from responsibilities.models import Official, PortfolioArea
from tests.factories import (
    DutyFactory,
    OfficialFactory,
    PortfolioFactory,
    ResponsibilityListFactory,
)

pytestmark = pytest.mark.django_db


def panel(response, template: str) -> dict:
    return next(p for p in response.context["panels"] if p["template"] == template)


def test_member_sees_how_many_of_their_duties_have_work_recorded(
    client, member, township
):
    this_year = ResponsibilityListFactory(unit=township, year=timezone.localdate().year)
    recorded = DutyFactory(responsibility_list=this_year, holder=member.official)
    DutyFactory(responsibility_list=this_year, holder=member.official)
    recorded.progress_entries.create(
        author=member, happened_on=timezone.localdate(), text="已部署"
    )
    last_year = ResponsibilityListFactory(unit=township, year=this_year.year - 1)
    DutyFactory(responsibility_list=last_year, holder=member.official)
    client.force_login(member)

    response = client.get(reverse("home"))

    duties = panel(response, "responsibilities/_panel_my_duties.html")
    assert (duties["total"], duties["recorded"]) == (2, 1)


def test_discipline_staff_see_this_years_breaches_of_三转(client, city_staff, township):
    head = OfficialFactory(unit=township, subject=Official.Subject.DISCIPLINE_HEAD)
    PortfolioFactory(official=head, area=PortfolioArea.objects.get(name="财务"))
    client.force_login(city_staff)

    response = client.get(reverse("home"))

    assert panel(response, "responsibilities/_panel_supervision.html")["breaches"] == 1
