import pytest
from django.urls import reverse

from responsibilities.models import Unit
from tests.factories import OfficialFactory, UnitFactory

pytestmark = pytest.mark.django_db


def chain(parent: Unit, depth: int) -> Unit:
    """Return the deepest of `depth` units nested one under the other below `parent`."""
    for _level in range(depth):
        parent = UnitFactory(parent=parent, kind=Unit.Kind.STATION)
    return parent


def test_under_finds_every_unit_below_at_any_depth(township, other_township):
    deepest = chain(township, 6)

    found = set(Unit.objects.under(township))

    assert deepest in found
    assert township in found
    assert other_township not in found
    assert len(found) == 7


def test_township_staff_sees_only_their_township_and_below(
    township_staff, township, other_township
):
    station = UnitFactory(parent=township, kind=Unit.Kind.STATION)

    assert set(Unit.objects.visible_to(township_staff)) == {township, station}


def test_city_discipline_staff_see_the_whole_city(
    city_staff, city, discipline_committee, township
):
    station = UnitFactory(parent=township, kind=Unit.Kind.STATION)

    visible = set(Unit.objects.visible_to(city_staff))

    assert visible == {city, discipline_committee, township, station}


def test_auditor_sees_no_units(auditor, township):
    assert not Unit.objects.visible_to(auditor).exists()


def test_anonymous_is_sent_to_login_from_unit_pages(client, township):
    for url in [
        reverse("responsibilities:unit_list"),
        township.get_absolute_url(),
        reverse("responsibilities:unit_create"),
        reverse("responsibilities:unit_update", args=[township.pk]),
    ]:
        response = client.get(url)

        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_unit_tree_shows_nested_units_with_headcount(client, administrator, township):
    station = UnitFactory(parent=township, kind=Unit.Kind.STATION, name="东湖镇财政所")
    OfficialFactory.create_batch(3, unit=station)
    client.force_login(administrator)

    response = client.get(reverse("responsibilities:unit_list"))

    assert response.status_code == 200
    assert "东湖镇财政所" in response.text
    assert "3 名干部" in response.text


def test_unit_tree_query_count_does_not_grow_with_depth(
    client, administrator, township, count_queries
):
    client.force_login(administrator)
    url = reverse("responsibilities:unit_list")
    chain(township, 2)
    shallow = count_queries(url)

    chain(township, 12)

    assert count_queries(url) == shallow


def test_filtered_unit_list_query_count_does_not_grow(
    client, administrator, city, count_queries
):
    client.force_login(administrator)
    UnitFactory.create_batch(3, parent=city)
    url = reverse("responsibilities:unit_list") + "?kind=township"
    few = count_queries(url)

    UnitFactory.create_batch(30, parent=city)

    assert count_queries(url) == few


def test_unit_detail_query_count_does_not_grow_with_depth_or_size(
    client, administrator, township, count_queries
):
    client.force_login(administrator)
    shallow_unit = chain(township, 1)
    OfficialFactory(unit=shallow_unit)
    shallow = count_queries(shallow_unit.get_absolute_url())

    deep_unit = chain(township, 10)
    chain(deep_unit, 5)
    OfficialFactory.create_batch(20, unit=deep_unit)

    assert count_queries(deep_unit.get_absolute_url()) == shallow


def test_unit_create_form_query_count_does_not_grow(
    client, administrator, township, count_queries
):
    client.force_login(administrator)
    url = reverse("responsibilities:unit_create")
    chain(township, 2)
    few = count_queries(url)

    UnitFactory.create_batch(30, parent=township)
    OfficialFactory.create_batch(20, unit=chain(township, 12))

    assert count_queries(url) == few


def test_unit_update_form_query_count_does_not_grow_with_depth_or_size(
    client, administrator, township, count_queries
):
    client.force_login(administrator)
    shallow_unit = chain(township, 1)
    shallow = count_queries(
        reverse("responsibilities:unit_update", args=[shallow_unit.pk])
    )

    deep_unit = chain(township, 12)
    UnitFactory.create_batch(30, parent=deep_unit)
    OfficialFactory.create_batch(20, unit=deep_unit)

    deep_url = reverse("responsibilities:unit_update", args=[deep_unit.pk])
    assert count_queries(deep_url) == shallow


def test_staff_of_one_township_gets_404_for_another_township(
    client, township_staff, other_township
):
    client.force_login(township_staff)

    response = client.get(other_township.get_absolute_url())

    assert response.status_code == 404


def test_signer_cannot_create_units(client, secretary):
    client.force_login(secretary)

    response = client.get(reverse("responsibilities:unit_create"))

    assert response.status_code == 403


def test_administrator_creates_a_unit_under_a_township(client, administrator, township):
    client.force_login(administrator)

    response = client.post(
        reverse("responsibilities:unit_create"),
        {
            "parent": township.pk,
            "kind": Unit.Kind.STATION,
            "name": "东湖镇农业综合服务站",
            "code": "t01-s9",
            "order": 3,
        },
    )

    unit = Unit.objects.get(code="T01-S9")
    assert response.status_code == 302
    assert response.url == unit.get_absolute_url()
    assert unit in Unit.objects.under(township)
    assert unit.history.first().history_user == administrator


def test_invalid_unit_form_shows_errors_and_keeps_input(
    client, administrator, township
):
    client.force_login(administrator)

    response = client.post(
        reverse("responsibilities:unit_create"),
        {"parent": township.pk, "kind": Unit.Kind.STATION, "name": "", "code": "X1"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert 'value="X1"' in response.text
    assert not Unit.objects.filter(code="X1").exists()


def test_invisible_characters_are_stripped_from_a_unit_name(
    client, administrator, township
):
    client.force_login(administrator)
    data = {"parent": township.pk, "kind": Unit.Kind.STATION, "code": "X1", "order": 1}

    client.post(
        reverse("responsibilities:unit_create"),
        data | {"name": "东湖\u202e财政所\u200b", "short_name": "\u2066财政所\x1b"},
    )
    response = client.post(
        reverse("responsibilities:unit_create"),
        data | {"code": "X2", "name": "\u202e\u200b"},
    )

    unit = Unit.objects.get(code="X1")
    assert (unit.name, unit.short_name) == ("东湖财政所", "财政所")
    assert response.context["form"].errors["name"] == ["这个字段是必填项。"]
    assert not Unit.objects.filter(code="X2").exists()


def test_moving_a_unit_moves_everything_below_it(
    client, administrator, township, other_township
):
    station = UnitFactory(parent=township, kind=Unit.Kind.STATION)
    deepest = chain(station, 3)
    client.force_login(administrator)

    client.post(
        reverse("responsibilities:unit_update", args=[station.pk]),
        {
            "parent": other_township.pk,
            "kind": station.kind,
            "name": station.name,
            "code": station.code,
            "order": 0,
        },
    )

    assert deepest in Unit.objects.under(other_township)
    assert deepest not in Unit.objects.under(township)


def test_a_unit_cannot_be_moved_under_its_own_subtree(client, administrator, township):
    below = chain(township, 2)
    client.force_login(administrator)

    response = client.post(
        reverse("responsibilities:unit_update", args=[township.pk]),
        {
            "parent": below.pk,
            "kind": township.kind,
            "name": township.name,
            "code": township.code,
            "order": 0,
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["parent"]


def test_set_active_refuses_get(client, administrator, township):
    client.force_login(administrator)

    response = client.get(
        reverse("responsibilities:unit_set_active", args=[township.pk])
    )

    assert response.status_code == 405


def test_anonymous_cannot_deactivate_a_unit(client, township):
    response = client.post(
        reverse("responsibilities:unit_set_active", args=[township.pk]),
        {"is_active": "0"},
    )

    township.refresh_from_db()
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert township.is_active


def test_a_unit_with_active_officials_cannot_be_deactivated(
    client, administrator, township
):
    OfficialFactory(unit=township)
    client.force_login(administrator)

    response = client.post(
        reverse("responsibilities:unit_set_active", args=[township.pk]),
        {"is_active": "0"},
        follow=True,
    )

    township.refresh_from_db()
    assert township.is_active
    assert "请先停用或调出此单位的在用干部。" in response.text


def test_deactivating_and_reactivating_an_empty_unit(client, administrator, township):
    client.force_login(administrator)
    url = reverse("responsibilities:unit_set_active", args=[township.pk])

    client.post(url, {"is_active": "0"})
    township.refresh_from_db()
    assert not township.is_active

    client.post(url, {"is_active": "1"})
    township.refresh_from_db()
    assert township.is_active


def test_signer_cannot_deactivate_units(client, secretary, township):
    client.force_login(secretary)

    response = client.post(
        reverse("responsibilities:unit_set_active", args=[township.pk]),
        {"is_active": "0"},
    )

    assert response.status_code == 403
