import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from responsibilities.models import Official, Portfolio, PortfolioArea, Unit
from responsibilities.services.reports import set_portfolios
from tests.factories import (
    OfficialFactory,
    PortfolioFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def area(name: str, *, is_forbidden: bool) -> PortfolioArea:
    """Return the area, shipped as default data or made here, with the given rule."""
    found, _created = PortfolioArea.objects.update_or_create(
        name=name,
        defaults={"is_forbidden_to_discipline_heads": is_forbidden},
        create_defaults={
            "duty_text": f"抓好{name}的党风廉政建设。",
            "is_forbidden_to_discipline_heads": is_forbidden,
        },
    )
    return found


@pytest.fixture
def finance(db):
    return area("财务", is_forbidden=True)


@pytest.fixture
def education(db):
    return area("教育", is_forbidden=False)


@pytest.fixture
def discipline_head(township):
    return OfficialFactory(
        unit=township,
        name="纪委书记甲",
        post="纪委书记",
        subject=Official.Subject.DISCIPLINE_HEAD,
    )


def head(unit: Unit, **kwargs) -> Official:
    return OfficialFactory(
        unit=unit, subject=Official.Subject.DISCIPLINE_HEAD, post="纪委书记", **kwargs
    )


def test_the_three_focus_check_finds_exactly_the_breaches(
    client, administrator, township, other_township, finance, education
):
    breach = PortfolioFactory(official=head(township), area=finance)
    team_member = OfficialFactory(unit=township, subject=Official.Subject.TEAM_MEMBER)
    PortfolioFactory(official=team_member, area=finance)
    PortfolioFactory(official=head(other_township), area=education)
    PortfolioFactory(official=head(other_township, is_active=False), area=finance)
    client.force_login(administrator)

    response = client.get(reverse("responsibilities:portfolio_register"))

    assert set(Portfolio.objects.breaches()) == {breach}
    assert response.context["breaches"] == [breach]
    assert response.context["breach_ids"] == {breach.pk}


def test_register_lists_officials_with_their_portfolios(
    client, city_staff, discipline_head, finance, education
):
    PortfolioFactory(official=discipline_head, area=education)
    client.force_login(city_staff)

    response = client.get(reverse("responsibilities:portfolio_register"))

    officials = list(response.context["page"])
    assert officials == [discipline_head]
    assert [p.area for p in officials[0].portfolios.all()] == [education]
    assert "教育" in response.text


def test_register_filters_by_area(
    client, administrator, township, discipline_head, finance, education
):
    holder = OfficialFactory(unit=township, subject=Official.Subject.TEAM_MEMBER)
    PortfolioFactory(official=holder, area=education)
    PortfolioFactory(official=discipline_head, area=finance)
    client.force_login(administrator)

    response = client.get(
        reverse("responsibilities:portfolio_register"), {"area": education.pk}
    )

    assert list(response.context["page"]) == [holder]


def test_register_filters_by_unit_and_the_units_below(
    client, administrator, township, other_township, education
):
    station = UnitFactory(parent=township, kind=Unit.Kind.STATION)
    below = head(station)
    PortfolioFactory(official=below, area=education)
    PortfolioFactory(official=head(other_township), area=education)
    client.force_login(administrator)

    response = client.get(
        reverse("responsibilities:portfolio_register"), {"unit": township.pk}
    )

    assert list(response.context["page"]) == [below]


def test_township_staff_see_only_their_townships_breaches(
    client, township_staff, discipline_head, other_township, finance
):
    mine = PortfolioFactory(official=discipline_head, area=finance)
    PortfolioFactory(official=head(other_township), area=finance)
    client.force_login(township_staff)

    response = client.get(reverse("responsibilities:portfolio_register"))

    assert response.context["breaches"] == [mine]
    assert list(response.context["page"]) == [discipline_head]


def test_member_cannot_open_the_register(client, member):
    client.force_login(member)

    response = client.get(reverse("responsibilities:portfolio_register"))

    assert response.status_code == 403


def test_portfolio_register_query_count_does_not_grow(
    client, administrator, city, finance, education, count_queries
):
    client.force_login(administrator)
    url = reverse("responsibilities:portfolio_register")

    def officials(count: int) -> None:
        for _index in range(count):
            official = head(UnitFactory(parent=city))
            PortfolioFactory(official=official, area=finance)
            PortfolioFactory(official=official, area=education)

    officials(2)
    few = count_queries(url)

    officials(15)

    assert count_queries(url) == few


# --- Editing an official's portfolios ---


def test_portfolio_edit_replaces_the_officials_portfolios(
    client, administrator, township, finance, education
):
    official = OfficialFactory(unit=township, subject=Official.Subject.TEAM_MEMBER)
    personnel = area("后勤保障", is_forbidden=False)
    PortfolioFactory(official=official, area=finance)
    PortfolioFactory(official=official, area=education)
    client.force_login(administrator)

    response = client.post(
        reverse("responsibilities:portfolio_edit", args=[official.pk]),
        {"areas": [education.pk, personnel.pk]},
    )

    assert response.status_code == 302
    assert response.url == reverse("responsibilities:portfolio_register")
    held = official.portfolios.values_list("area__name", flat=True)
    assert set(held) == {"教育", "后勤保障"}
    removed = Portfolio.history.get(area=finance, history_type="-")
    assert removed.history_user == administrator
    added = Portfolio.history.get(area=personnel, history_type="+")
    assert added.history_user == administrator


def test_portfolio_edit_with_nothing_chosen_clears_the_portfolios(
    client, administrator, discipline_head, finance
):
    PortfolioFactory(official=discipline_head, area=finance)
    client.force_login(administrator)

    client.post(reverse("responsibilities:portfolio_edit", args=[discipline_head.pk]))

    assert not discipline_head.portfolios.exists()


def test_giving_a_discipline_head_a_forbidden_area_warns_and_shows_the_breach(
    client, administrator, discipline_head, finance
):
    client.force_login(administrator)

    response = client.post(
        reverse("responsibilities:portfolio_edit", args=[discipline_head.pk]),
        {"areas": [finance.pk]},
    )

    levels = [message.level_tag for message in get_messages(response.wsgi_request)]
    assert "warning" in levels
    register = client.get(reverse("responsibilities:portfolio_register"))
    assert [p.official for p in register.context["breaches"]] == [discipline_head]


def test_portfolio_form_of_a_discipline_head_flags_the_breach_it_holds(
    client, administrator, discipline_head, finance, education
):
    PortfolioFactory(official=discipline_head, area=finance)
    client.force_login(administrator)

    response = client.get(
        reverse("responsibilities:portfolio_edit", args=[discipline_head.pk])
    )

    assert response.status_code == 200
    assert response.context["is_discipline_head"]
    assert response.context["breaching"] == [finance]
    assert response.context["form"].initial["areas"] == [finance.pk]


def test_set_portfolios_reports_no_breach_for_a_team_member(township, finance):
    official = OfficialFactory(unit=township, subject=Official.Subject.TEAM_MEMBER)

    breaching = set_portfolios(official=official, areas=[finance], actor=None)

    assert breaching == []
    assert official.portfolios.get().area == finance


def test_portfolio_edit_with_an_unknown_area_shows_errors(
    client, administrator, discipline_head
):
    client.force_login(administrator)

    response = client.post(
        reverse("responsibilities:portfolio_edit", args=[discipline_head.pk]),
        {"areas": [999999]},
    )

    assert response.status_code == 200
    assert "areas" in response.context["form"].errors


def test_discipline_staff_cannot_edit_portfolios(client, city_staff, discipline_head):
    client.force_login(city_staff)

    response = client.get(
        reverse("responsibilities:portfolio_edit", args=[discipline_head.pk])
    )

    assert response.status_code == 403


def test_portfolio_edit_of_an_official_out_of_scope_is_404(
    client, township, other_township
):
    editor = UserFactory(profile__unit=township)
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_portfolio", "delete_portfolio"])
    )
    stranger = head(other_township)
    client.force_login(editor)

    response = client.get(
        reverse("responsibilities:portfolio_edit", args=[stranger.pk])
    )

    assert response.status_code == 404
