from collections import Counter

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from responsibilities import default_catalogue
from responsibilities.models import (
    STANDARD_BOTTOM_LINE_COUNT,
    STANDARD_DUTY_COUNTS,
    BottomLine,
    DutyTemplate,
    PortfolioArea,
    Subject,
)
from responsibilities.services import catalogue as services
from tests.factories import (
    BottomLineFactory,
    DutyTemplateFactory,
    OfficialFactory,
    PortfolioAreaFactory,
    PortfolioFactory,
)

pytestmark = pytest.mark.django_db

# Years far from today, so the catalogue the migration installed for this year stays apart.
YEAR = 2001
FORBIDDEN = {"组织人事", "财务", "行政审批", "工程建设", "政府采购"}
CATALOGUE = reverse("responsibilities:catalogue")
AREAS = reverse("responsibilities:area_list")


def duty_counts(year: int) -> dict[str, int]:
    return dict(
        Counter(DutyTemplate.objects.of_year(year).values_list("subject", flat=True))
    )


def duty_data(**overrides) -> dict:
    data = {
        "year": YEAR,
        "subject": Subject.DISCIPLINE,
        "number": 7,
        "title": "加强巡察监督",
        "text": "配合上级开展巡察，督促整改巡察发现的问题。",
    }
    return {**data, **overrides}


def bottom_line_data(**overrides) -> dict:
    data = {
        "year": YEAR,
        "subject": Subject.TEAM_MEMBER,
        "number": 41,
        "text": "不得对分管领域的巡察问题拒不整改。",
    }
    return {**data, **overrides}


def area_data(**overrides) -> dict:
    data = {
        "name": "统计",
        "duty_text": "抓好统计工作中的党风廉政建设，防止统计造假。",
    }
    return {**data, **overrides}


# --- The shipped catalogue ---


def test_default_catalogue_installs_9_4_4_6_duties_and_40_bottom_lines():
    created = services.install_default_catalogue(year=YEAR)

    assert duty_counts(YEAR) == {
        Subject.COMMITTEE: 9,
        Subject.MAIN_LEADER: 4,
        Subject.TEAM_MEMBER: 4,
        Subject.DISCIPLINE: 6,
    }
    assert BottomLine.objects.of_year(YEAR).count() == 40
    assert created == 23 + 40


def test_installing_the_default_catalogue_twice_creates_nothing_more():
    services.install_default_catalogue(year=YEAR)

    created = services.install_default_catalogue(year=YEAR)

    assert created == 0
    assert DutyTemplate.objects.of_year(YEAR).count() == 23
    assert BottomLine.objects.of_year(YEAR).count() == 40


def test_installing_leaves_a_year_with_its_own_duties_alone():
    own = DutyTemplateFactory(year=YEAR, number=1, title="本市自定职责")

    services.install_default_catalogue(year=YEAR)

    assert list(DutyTemplate.objects.of_year(YEAR)) == [own]
    assert BottomLine.objects.of_year(YEAR).count() == 40


def test_default_bottom_lines_are_numbered_1_to_40_through_the_four_subjects():
    services.install_default_catalogue(year=YEAR)

    lines = list(BottomLine.objects.of_year(YEAR))

    assert [line.number for line in lines] == list(range(1, 41))
    assert {line.subject for line in lines} == set(Subject.values)
    assert all(line.text.startswith("不得") for line in lines)


def test_default_duty_titles_are_short():
    titles = [row["title"] for row in default_catalogue.duty_rows()]

    assert max(len(title) for title in titles) <= 20


def test_installed_duties_have_a_history_row():
    services.install_default_catalogue(year=YEAR)

    assert DutyTemplate.history.filter(year=YEAR).count() == 23


def test_migration_installed_this_years_catalogue_and_the_areas():
    year = timezone.localdate().year

    assert duty_counts(year) == STANDARD_DUTY_COUNTS
    assert BottomLine.objects.of_year(year).count() == STANDARD_BOTTOM_LINE_COUNT
    forbidden = PortfolioArea.objects.filter(is_forbidden_to_discipline_heads=True)
    assert set(forbidden.values_list("name", flat=True)) == FORBIDDEN
    assert PortfolioArea.objects.filter(name="教育").exists()


def test_installing_default_areas_again_creates_none_and_keeps_edits():
    PortfolioArea.objects.filter(name="财务").update(duty_text="本市改写的职责")

    created = services.install_default_areas()

    assert created == 0
    assert PortfolioArea.objects.get(name="财务").duty_text == "本市改写的职责"


def test_installing_default_areas_restores_only_a_missing_one():
    PortfolioArea.objects.filter(name="教育").delete()

    created = services.install_default_areas()

    assert created == 1
    assert PortfolioArea.objects.filter(name="教育").count() == 1


# --- Copying a year ---


def test_copy_gives_the_next_year_the_same_catalogue(administrator):
    services.install_default_catalogue(year=YEAR)
    DutyTemplate.objects.filter(year=YEAR, number=9).delete()

    copied = services.copy_catalogue(
        from_year=YEAR, to_year=YEAR + 1, actor=administrator
    )

    assert copied == 22 + 40
    assert duty_counts(YEAR + 1) == duty_counts(YEAR)
    copied_texts = BottomLine.objects.of_year(YEAR + 1).values_list("number", "text")
    assert list(copied_texts) == list(
        BottomLine.objects.of_year(YEAR).values_list("number", "text")
    )
    history = DutyTemplate.history.filter(year=YEAR + 1)
    assert {entry.history_user for entry in history} == {administrator}


def test_copy_refuses_a_year_that_already_has_a_catalogue(administrator):
    services.install_default_catalogue(year=YEAR)
    BottomLineFactory(year=YEAR + 1, number=1)

    with pytest.raises(ValidationError):
        services.copy_catalogue(from_year=YEAR, to_year=YEAR + 1, actor=administrator)

    assert not DutyTemplate.objects.of_year(YEAR + 1).exists()


def test_copy_refuses_a_year_without_catalogue(administrator):
    with pytest.raises(ValidationError):
        services.copy_catalogue(from_year=YEAR, to_year=YEAR + 1, actor=administrator)


# --- The catalogue page ---


def test_anonymous_is_sent_to_login_from_catalogue_pages(client):
    duty = DutyTemplateFactory(year=YEAR)
    bottom_line = BottomLineFactory(year=YEAR)
    area = PortfolioAreaFactory()
    for url in [
        CATALOGUE,
        reverse("responsibilities:dutytemplate_create"),
        reverse("responsibilities:dutytemplate_update", args=[duty.pk]),
        reverse("responsibilities:bottomline_create"),
        reverse("responsibilities:bottomline_update", args=[bottom_line.pk]),
        AREAS,
        reverse("responsibilities:area_create"),
        reverse("responsibilities:area_update", args=[area.pk]),
    ]:
        response = client.get(url)

        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_anonymous_cannot_copy_a_catalogue(client):
    response = client.post(reverse("responsibilities:catalogue_copy"), {"year": YEAR})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_member_reads_the_catalogue_grouped_by_subject_with_counts(client, member):
    services.install_default_catalogue(year=YEAR)
    client.force_login(member)

    response = client.get(CATALOGUE, {"year": YEAR})

    assert response.status_code == 200
    groups = response.context["duty_groups"]
    assert [group.subject for group in groups] == list(Subject)
    assert [group.count for group in groups] == [9, 4, 4, 6]
    assert not response.context["duty_deviates"]
    assert response.context["bottom_line_count"] == 40
    assert not response.context["bottom_line_deviates"]
    assert "不得对管辖范围内发生的重大腐败案件不闻不问、放任不管。" in response.text
    assert not response.context["can_copy"]


def test_catalogue_page_opens_on_the_latest_year_with_a_catalogue(client, member):
    later = timezone.localdate().year + 3
    DutyTemplateFactory(year=later, number=1, title="后年的职责")
    client.force_login(member)

    response = client.get(CATALOGUE)

    assert response.context["year"] == later
    assert later in response.context["years"]


def test_catalogue_page_warns_where_a_count_differs_from_the_standard(
    client, administrator
):
    services.install_default_catalogue(year=YEAR)
    DutyTemplate.objects.filter(
        year=YEAR, subject=Subject.MAIN_LEADER, number=4
    ).delete()
    BottomLine.objects.filter(year=YEAR, number=40).delete()
    client.force_login(administrator)

    response = client.get(CATALOGUE, {"year": YEAR})

    deviating = [g.subject for g in response.context["duty_groups"] if g.deviates]
    assert deviating == [Subject.MAIN_LEADER]
    assert response.context["duty_deviates"]
    assert response.context["bottom_line_count"] == 39
    assert response.context["bottom_line_deviates"]


def test_auditor_cannot_read_the_catalogue(client, auditor):
    client.force_login(auditor)

    response = client.get(CATALOGUE)

    assert response.status_code == 403


def test_administrator_is_offered_the_copy_to_the_next_year(client, administrator):
    services.install_default_catalogue(year=YEAR)
    client.force_login(administrator)

    response = client.get(CATALOGUE, {"year": YEAR})

    assert response.context["can_copy"]
    assert response.context["next_year"] == YEAR + 1
    assert reverse("responsibilities:catalogue_copy") in response.text


def test_catalogue_page_query_count_does_not_grow(client, member, count_queries):
    client.force_login(member)
    url = f"{CATALOGUE}?year={YEAR}"
    DutyTemplateFactory(year=YEAR)
    BottomLineFactory(year=YEAR)
    few = count_queries(url)

    services.install_default_catalogue(year=YEAR + 1)
    services.copy_catalogue(from_year=YEAR + 1, to_year=YEAR + 2, actor=None)
    DutyTemplateFactory.create_batch(20, year=YEAR, subject=Subject.DISCIPLINE)
    BottomLineFactory.create_batch(30, year=YEAR)

    assert count_queries(url) == few


# --- Copying from the page ---


def test_administrator_copies_the_catalogue_to_the_next_year(client, administrator):
    services.install_default_catalogue(year=YEAR)
    client.force_login(administrator)

    response = client.post(reverse("responsibilities:catalogue_copy"), {"year": YEAR})

    assert response.status_code == 302
    assert response.url == f"{CATALOGUE}?year={YEAR + 1}"
    assert duty_counts(YEAR + 1) == STANDARD_DUTY_COUNTS
    assert BottomLine.objects.of_year(YEAR + 1).count() == 40


def test_copying_onto_an_existing_year_is_refused_with_a_message(client, administrator):
    services.install_default_catalogue(year=YEAR)
    DutyTemplateFactory(year=YEAR + 1, number=1, title="已有的职责")
    client.force_login(administrator)

    response = client.post(reverse("responsibilities:catalogue_copy"), {"year": YEAR})

    assert response.url == f"{CATALOGUE}?year={YEAR}"
    assert DutyTemplate.objects.of_year(YEAR + 1).count() == 1
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]


def test_copy_with_an_invalid_year_copies_nothing(client, administrator):
    client.force_login(administrator)

    response = client.post(reverse("responsibilities:catalogue_copy"), {"year": "x"})

    assert response.status_code == 302
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]


def test_copy_is_post_only(client, administrator):
    client.force_login(administrator)

    response = client.get(reverse("responsibilities:catalogue_copy"))

    assert response.status_code == 405


def test_member_cannot_copy_or_edit_the_catalogue(client, member):
    duty = DutyTemplateFactory(year=YEAR)
    bottom_line = BottomLineFactory(year=YEAR)
    area = PortfolioAreaFactory()
    client.force_login(member)

    copy = client.post(reverse("responsibilities:catalogue_copy"), {"year": YEAR})
    pages = [
        reverse("responsibilities:dutytemplate_create"),
        reverse("responsibilities:dutytemplate_update", args=[duty.pk]),
        reverse("responsibilities:bottomline_create"),
        reverse("responsibilities:bottomline_update", args=[bottom_line.pk]),
        AREAS,
        reverse("responsibilities:area_create"),
        reverse("responsibilities:area_update", args=[area.pk]),
    ]

    assert copy.status_code == 403
    assert [client.get(url).status_code for url in pages] == [403] * len(pages)
    assert not DutyTemplate.objects.of_year(YEAR + 1).exists()


# --- Editing duties and bottom lines ---


def test_new_duty_form_proposes_the_next_number_of_the_subject(client, administrator):
    DutyTemplateFactory(year=YEAR, subject=Subject.DISCIPLINE, number=6)
    client.force_login(administrator)

    response = client.get(
        reverse("responsibilities:dutytemplate_create"),
        {"year": YEAR, "subject": Subject.DISCIPLINE},
    )

    initial = response.context["form"].initial
    assert (initial["year"], initial["subject"], initial["number"]) == (
        YEAR,
        Subject.DISCIPLINE,
        7,
    )


def test_administrator_adds_a_duty(client, administrator):
    client.force_login(administrator)

    response = client.post(reverse("responsibilities:dutytemplate_create"), duty_data())

    duty = DutyTemplate.objects.get(year=YEAR, subject=Subject.DISCIPLINE, number=7)
    assert duty.title == "加强巡察监督"
    assert response.url == f"{CATALOGUE}?year={YEAR}#duties-discipline"
    assert duty.history.get().history_user == administrator


def test_a_duty_number_taken_in_its_subject_and_year_is_refused(client, administrator):
    DutyTemplateFactory(year=YEAR, subject=Subject.DISCIPLINE, number=7)
    client.force_login(administrator)

    response = client.post(reverse("responsibilities:dutytemplate_create"), duty_data())

    assert response.status_code == 200
    assert response.context["form"].errors
    assert DutyTemplate.objects.of_year(YEAR).count() == 1


def test_a_duty_without_text_is_refused(client, administrator):
    client.force_login(administrator)

    response = client.post(
        reverse("responsibilities:dutytemplate_create"), duty_data(text="")
    )

    assert response.status_code == 200
    assert "text" in response.context["form"].errors


@pytest.mark.parametrize(("name", "value"), [("year", 1999), ("number", 0)])
def test_a_duty_with_a_year_or_number_out_of_range_is_refused(
    client, administrator, name, value
):
    client.force_login(administrator)

    response = client.post(
        reverse("responsibilities:dutytemplate_create"), duty_data(**{name: value})
    )

    assert response.status_code == 200
    assert name in response.context["form"].errors


def test_administrator_edits_a_duty_but_not_its_year(client, administrator):
    duty = DutyTemplateFactory(year=YEAR, subject=Subject.COMMITTEE, number=3)
    client.force_login(administrator)

    response = client.post(
        reverse("responsibilities:dutytemplate_update", args=[duty.pk]),
        duty_data(year=YEAR + 5, subject=Subject.COMMITTEE, number=3, title="改后"),
    )

    duty.refresh_from_db()
    assert response.status_code == 302
    assert (duty.year, duty.title) == (YEAR, "改后")


def test_editing_a_missing_duty_gives_404(client, administrator):
    client.force_login(administrator)

    response = client.get(reverse("responsibilities:dutytemplate_update", args=[0]))

    assert response.status_code == 404


def test_administrator_adds_and_edits_a_bottom_line(client, administrator):
    client.force_login(administrator)

    client.post(reverse("responsibilities:bottomline_create"), bottom_line_data())
    line = BottomLine.objects.get(year=YEAR, number=41)
    response = client.post(
        reverse("responsibilities:bottomline_update", args=[line.pk]),
        bottom_line_data(text="不得改后的底线。"),
    )

    line.refresh_from_db()
    assert line.text == "不得改后的底线。"
    assert response.url == f"{CATALOGUE}?year={YEAR}#bottom-lines-team_member"


def test_a_bottom_line_number_taken_in_the_year_is_refused(client, administrator):
    BottomLineFactory(year=YEAR, number=41, subject=Subject.COMMITTEE)
    client.force_login(administrator)

    response = client.post(
        reverse("responsibilities:bottomline_create"), bottom_line_data()
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert BottomLine.objects.of_year(YEAR).count() == 1


def test_editing_a_missing_bottom_line_gives_404(client, administrator):
    client.force_login(administrator)

    response = client.get(reverse("responsibilities:bottomline_update", args=[0]))

    assert response.status_code == 404


# --- Portfolio areas ---


def test_area_list_shows_the_forbidden_areas_first_with_their_holders(
    client, administrator
):
    PortfolioFactory(area=PortfolioArea.objects.get(name="财务"))
    client.force_login(administrator)

    response = client.get(AREAS)

    areas = list(response.context["page"])
    forbidden = [area.name for area in areas if area.is_forbidden_to_discipline_heads]
    assert set(forbidden) == FORBIDDEN
    assert areas[: len(FORBIDDEN)] == [
        area for area in areas if area.is_forbidden_to_discipline_heads
    ]
    assert {area.name: area.holders for area in areas}["财务"] == 1


def test_discipline_staff_read_the_area_list(client, city_staff):
    client.force_login(city_staff)

    response = client.get(AREAS)

    assert response.status_code == 200


def test_area_list_query_count_does_not_grow(client, administrator, count_queries):
    client.force_login(administrator)
    few = count_queries(AREAS)

    for area in PortfolioAreaFactory.create_batch(20):
        PortfolioFactory(area=area, official=OfficialFactory())

    assert count_queries(AREAS) == few


def test_administrator_adds_and_edits_an_area(client, administrator):
    client.force_login(administrator)

    created = client.post(reverse("responsibilities:area_create"), area_data())
    area = PortfolioArea.objects.get(name="统计")
    client.post(
        reverse("responsibilities:area_update", args=[area.pk]),
        area_data(is_forbidden_to_discipline_heads="on"),
    )

    area.refresh_from_db()
    assert created.url == AREAS
    assert area.is_forbidden_to_discipline_heads


def test_an_area_name_already_taken_is_refused(client, administrator):
    client.force_login(administrator)

    response = client.post(
        reverse("responsibilities:area_create"), area_data(name="财务")
    )

    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert PortfolioArea.objects.filter(name="财务").count() == 1


def test_editing_a_missing_area_gives_404(client, administrator):
    client.force_login(administrator)

    response = client.get(reverse("responsibilities:area_update", args=[0]))

    assert response.status_code == 404
