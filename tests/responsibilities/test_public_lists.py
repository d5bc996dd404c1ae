import pytest
from django.urls import reverse

from responsibilities.models import Official, ResponsibilityList
from responsibilities.services.lists import generate_list, publish_list
from tests.factories import OfficialFactory, UnitFactory
from tests.responsibilities.test_lists import YEAR, make_catalogue

pytestmark = pytest.mark.django_db

NOTES = "书记即将调任，暂不对外说明。"


@pytest.fixture
def catalogue(db) -> None:
    make_catalogue()


@pytest.fixture
def published(catalogue, administrator, township) -> ResponsibilityList:
    """The township's list, published, with a secretary, a member and internal notes."""
    OfficialFactory(
        unit=township,
        name="张书记",
        post="党委书记",
        subject=Official.Subject.MAIN_LEADER,
    )
    OfficialFactory(
        unit=township,
        name="李副镇长",
        post="副镇长",
        subject=Official.Subject.TEAM_MEMBER,
    )
    responsibility_list, _added = generate_list(unit=township, year=YEAR)
    responsibility_list.internal_notes = NOTES
    responsibility_list.save()
    duty = responsibility_list.duties.first()
    duty.measures = "每季度专题研究党风廉政建设。"
    duty.save()
    return publish_list(responsibility_list=responsibility_list, actor=administrator)


@pytest.fixture
def draft(catalogue, other_township) -> ResponsibilityList:
    responsibility_list, _added = generate_list(unit=other_township, year=YEAR)
    return responsibility_list


def test_public_index_lists_published_lists_only_without_login(
    client, published, draft
):
    response = client.get(reverse("public:list_index"))

    assert response.status_code == 200
    assert list(response.context["page"]) == [published]
    assert "东湖镇" in response.text
    assert "西山乡" not in response.text


def test_public_index_filters_by_year_and_unit_name(
    client, administrator, published, city
):
    make_catalogue(YEAR - 1)
    department = UnitFactory(parent=city, name="财政局")
    older, _added = generate_list(unit=department, year=YEAR - 1)
    publish_list(responsibility_list=older, actor=administrator)
    url = reverse("public:list_index")

    by_year = client.get(url, {"year": YEAR - 1})
    by_name = client.get(url, {"unit_name": "东湖"})

    assert list(by_year.context["page"]) == [older]
    assert list(by_name.context["page"]) == [published]


def test_public_list_shows_duties_and_holders_but_no_internal_notes(client, published):
    response = client.get(reverse("public:list_detail", args=[published.pk]))

    groups = response.context["groups"]
    assert response.status_code == 200
    assert sum(len(group.duties) for group in groups) == published.duties.count()
    assert "张书记" in response.text
    assert "党委书记" in response.text
    assert "李副镇长" in response.text
    assert "每季度专题研究党风廉政建设。" in response.text
    assert NOTES not in response.text


def test_public_list_has_no_links_into_the_internal_system(client, published):
    duty = published.duties.first()

    response = client.get(reverse("public:list_detail", args=[published.pk]))

    assert duty.get_absolute_url() not in response.text
    assert published.get_absolute_url() not in response.text
    assert "/responsibilities/" not in response.text


def test_public_list_leads_back_to_its_index_and_the_public_home(client, published):
    response = client.get(reverse("public:list_detail", args=[published.pk]))

    assert f'href="{reverse("public:home")}"' in response.text
    assert f'href="{reverse("public:list_index")}"' in response.text


def test_public_list_hides_notes_from_signed_in_staff_too(
    client, administrator, published
):
    client.force_login(administrator)

    response = client.get(reverse("public:list_detail", args=[published.pk]))

    assert NOTES not in response.text


def test_unpublished_list_is_not_found_on_the_public_site(client, draft):
    response = client.get(reverse("public:list_detail", args=[draft.pk]))

    assert response.status_code == 404


def test_public_index_query_count_does_not_grow(
    client, administrator, published, city, count_queries
):
    url = reverse("public:list_index")
    few = count_queries(url)

    for _index in range(5):
        unit = UnitFactory(parent=city)
        responsibility_list, _added = generate_list(unit=unit, year=YEAR)
        publish_list(responsibility_list=responsibility_list, actor=administrator)

    assert count_queries(url) == few


def test_public_list_query_count_does_not_grow_with_members(
    client, published, township, count_queries
):
    url = reverse("public:list_detail", args=[published.pk])
    few = count_queries(url)

    for _index in range(6):
        OfficialFactory(unit=township, subject=Official.Subject.TEAM_MEMBER)
    generate_list(unit=township, year=YEAR)

    assert count_queries(url) == few


def test_notes_kept_on_the_list_page_never_reach_the_public_page(
    client, administrator, published
):
    client.force_login(administrator)
    client.post(
        reverse("responsibilities:list_notes", args=[published.pk]),
        {"internal_notes": "书记调整待补签"},
    )
    client.logout()

    public = client.get(reverse("public:list_detail", args=[published.pk]))

    published.refresh_from_db()
    assert published.internal_notes == "书记调整待补签"
    assert "书记调整待补签" not in public.text
