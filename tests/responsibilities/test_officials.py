import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from responsibilities.models import Official, Unit
from tests.factories import OfficialFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def official_data(unit: Unit, **overrides) -> dict:
    return {
        "unit": unit.pk,
        "name": "王建国",
        "post": "党委书记",
        "rank": Official.Rank.SECTION_CHIEF,
        "subject": Official.Subject.MAIN_LEADER,
        "is_party_member": "on",
        **overrides,
    }


def test_anonymous_is_sent_to_login_from_official_pages(client, township):
    official = OfficialFactory(unit=township)
    for url in [
        reverse("responsibilities:official_list"),
        official.get_absolute_url(),
        reverse("responsibilities:official_create"),
        reverse("responsibilities:official_update", args=[official.pk]),
    ]:
        response = client.get(url)

        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_township_staff_cannot_see_another_townships_officials(
    client, township_staff, township, other_township
):
    mine = OfficialFactory(unit=township, name="李明")
    theirs = OfficialFactory(unit=other_township, name="赵强")
    client.force_login(township_staff)

    listing = client.get(reverse("responsibilities:official_list"))
    detail = client.get(theirs.get_absolute_url())

    assert list(listing.context["page"]) == [mine]
    assert "赵强" not in listing.text
    assert detail.status_code == 404


def test_official_list_filters_by_unit_tree_rank_and_name(
    client, administrator, township, other_township
):
    station = UnitFactory(parent=township, kind=Unit.Kind.STATION)
    head = OfficialFactory(unit=station, name="陈静", rank=Official.Rank.MIDDLE_MANAGER)
    OfficialFactory(unit=station, name="陈刚", rank=Official.Rank.GENERAL)
    OfficialFactory(unit=other_township, name="陈红", rank=Official.Rank.MIDDLE_MANAGER)
    client.force_login(administrator)

    response = client.get(
        reverse("responsibilities:official_list"),
        {"unit": township.pk, "rank": Official.Rank.MIDDLE_MANAGER, "name": "陈"},
    )

    assert list(response.context["page"]) == [head]


def test_official_list_query_count_does_not_grow(
    client, administrator, township, count_queries
):
    client.force_login(administrator)
    OfficialFactory.create_batch(3, unit=township)
    url = reverse("responsibilities:official_list")
    few = count_queries(url)

    OfficialFactory.create_batch(40, unit=UnitFactory(parent=township))

    assert count_queries(url) == few


def test_official_detail_query_count_does_not_grow_with_history(
    client, administrator, township, count_queries
):
    client.force_login(administrator)
    official = OfficialFactory(unit=township)
    few = count_queries(official.get_absolute_url())

    for number in range(10):
        official.post = f"职务{number}"
        official.unit = UnitFactory(parent=township)
        official.save()

    assert count_queries(official.get_absolute_url()) == few


def grow_the_tree(township: Unit) -> Unit:
    """Return a unit twelve levels below `township`, with many units and officials."""
    unit = township
    for _level in range(12):
        unit = UnitFactory(parent=unit, kind=Unit.Kind.STATION)
    UnitFactory.create_batch(20, parent=township)
    OfficialFactory.create_batch(20, unit=unit)
    return unit


def test_official_create_form_query_count_does_not_grow(
    client, administrator, township, count_queries
):
    client.force_login(administrator)
    OfficialFactory.create_batch(2, unit=township)
    url = reverse("responsibilities:official_create")
    few = count_queries(url)

    grow_the_tree(township)

    assert count_queries(url) == few


def test_official_update_form_query_count_does_not_grow(
    client, administrator, township, count_queries
):
    client.force_login(administrator)
    official = OfficialFactory(unit=township)
    few = count_queries(reverse("responsibilities:official_update", args=[official.pk]))

    deep_official = OfficialFactory(unit=grow_the_tree(township))

    deep_url = reverse("responsibilities:official_update", args=[deep_official.pk])
    assert count_queries(deep_url) == few


def test_a_person_who_changes_post_keeps_their_history(client, administrator, township):
    official = OfficialFactory(unit=township, name="周伟", post="副镇长")
    client.force_login(administrator)

    client.post(
        reverse("responsibilities:official_update", args=[official.pk]),
        official_data(township, name="周伟", post="镇长"),
    )
    response = client.get(official.get_absolute_url())

    official.refresh_from_db()
    assert official.post == "镇长"
    assert "副镇长" in response.text
    assert official.history.first().history_user == administrator


def test_administrator_adds_an_official(client, administrator, township):
    client.force_login(administrator)

    response = client.post(
        reverse("responsibilities:official_create"), official_data(township)
    )

    official = Official.objects.get(name="王建国")
    assert response.status_code == 302
    assert response.url == official.get_absolute_url()
    assert official.subject == Official.Subject.MAIN_LEADER


def test_invalid_official_form_shows_errors(client, administrator, township):
    client.force_login(administrator)

    response = client.post(
        reverse("responsibilities:official_create"), official_data(township, rank="")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["rank"]
    assert not Official.objects.exists()


def test_a_unit_outside_scope_cannot_be_chosen(client, township, other_township):
    township_clerk = UserFactory(profile__unit=township)
    township_clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_official", "view_official"])
    )
    client.force_login(township_clerk)

    response = client.post(
        reverse("responsibilities:official_create"), official_data(other_township)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    assert not Official.objects.exists()


def test_signer_can_read_but_not_edit_officials(client, secretary, township):
    official = OfficialFactory(unit=township)
    client.force_login(secretary)

    assert client.get(official.get_absolute_url()).status_code == 200
    assert (
        client.get(
            reverse("responsibilities:official_update", args=[official.pk])
        ).status_code
        == 403
    )


def test_deactivating_an_official(client, administrator, township):
    official = OfficialFactory(unit=township)
    client.force_login(administrator)
    url = reverse("responsibilities:official_set_active", args=[official.pk])

    assert client.get(url).status_code == 405
    client.post(url, {"is_active": "0"})

    official.refresh_from_db()
    assert not official.is_active


def test_anonymous_cannot_deactivate_an_official(client, township):
    official = OfficialFactory(unit=township)

    response = client.post(
        reverse("responsibilities:official_set_active", args=[official.pk]),
        {"is_active": "0"},
    )

    official.refresh_from_db()
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert official.is_active
