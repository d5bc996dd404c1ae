"""一案双查: the double inquiry finds exactly who signed or holds duties for the unit's year."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accountability.audit import AccountabilityAuditAction
from accountability.models import Inquiry, Responsibility
from accountability.services.inquiries import (
    answerable_leaders,
    clear_inquiry,
    open_double_inquiry,
    propose_double_inquiry,
)
from commitments.services.signing import sign_letter
from commitments.services.signoffs import sign_off_list, sign_off_report
from core.models import AuditEvent
from inspections.models import Finding
from responsibilities.models import Duty, Official, ResponsibilityList, Subject, Unit
from tests.factories import (
    CampaignFactory,
    CaseFactory,
    CaseSubjectFactory,
    DutyFactory,
    DutyReportFactory,
    DutyTemplateFactory,
    FindingFactory,
    LetterFactory,
    OfficialFactory,
    PortfolioAreaFactory,
    ResponsibilityListFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Basis = Inquiry.Basis


def leader(unit: Unit, name: str, subject: str, post: str = "党委委员") -> Official:
    """An official of the unit with a login account, so that they can sign."""
    return OfficialFactory(
        unit=unit,
        user=UserFactory(profile__unit=unit),
        name=name,
        post=post,
        rank=Official.Rank.SECTION_DEPUTY,
        subject=subject,
    )


def signed_letter(official: Official, year: int = 2026):
    letter = LetterFactory(
        addressee=official,
        campaign=CampaignFactory(year=year, title=f"{year}年度廉政承诺{official.pk}"),
    )
    return sign_letter(letter=letter, signer=official.user, personal_text="严守纪律。")


def duty(responsibility_list, holder: Official | None, subject: str):
    return DutyFactory(
        responsibility_list=responsibility_list,
        holder=holder,
        template=DutyTemplateFactory(subject=subject),
    )


@pytest.fixture
def station(township):
    return UnitFactory(kind=Unit.Kind.STATION, name="东湖镇财政所", parent=township)


@pytest.fixture
def chain(township, other_township):
    """The township's 2026 chain: who signed and who holds duties, and some who must
    not be found (a general cadre, another year, another township)."""
    secretary = leader(township, "王建国", Official.Subject.MAIN_LEADER, "党委书记")
    mayor = leader(township, "余敏", Official.Subject.TEAM_MEMBER, "镇长")
    inspector = leader(township, "李纪", Official.Subject.DISCIPLINE_HEAD, "纪委书记")
    cadre = leader(township, "赵干", Official.Subject.NONE, "办事员")
    predecessor = leader(township, "陈旧", Official.Subject.MAIN_LEADER, "原党委书记")
    neighbour = leader(other_township, "孙邻", Official.Subject.MAIN_LEADER, "党委书记")
    responsibility_list = ResponsibilityListFactory(unit=township, year=2026)
    own = duty(responsibility_list, secretary, Subject.MAIN_LEADER)
    team = duty(responsibility_list, None, Subject.COMMITTEE)
    mayors = duty(responsibility_list, mayor, Subject.TEAM_MEMBER)
    other_year_list = ResponsibilityListFactory(unit=township, year=2025)
    duty(other_year_list, predecessor, Subject.MAIN_LEADER)
    letter = signed_letter(secretary)
    old_letter = signed_letter(secretary, year=2025)
    signed_letter(cadre)
    signed_letter(predecessor, year=2025)
    signed_letter(neighbour)
    sign_off = sign_off_list(
        responsibility_list=responsibility_list,
        signer=inspector.user,
        opinion="同意分解方案。",
    )
    report = DutyReportFactory(
        unit=township, written_by=secretary.user, year=2026, draft=True
    )
    report_sign_off = sign_off_report(
        duty_report=report, signer=secretary.user, opinion="属实。"
    )
    return {
        "secretary": secretary,
        "mayor": mayor,
        "inspector": inspector,
        "letter": letter,
        "old_letter": old_letter,
        "sign_off": sign_off,
        "report_sign_off": report_sign_off,
        "duties": {"own": own, "team": team, "mayor": mayors},
    }


@pytest.fixture
def case(station, chain):
    case = CaseFactory(unit=station, violation_year=2026)
    CaseSubjectFactory(case=case, official=OfficialFactory(unit=station))
    return case


def test_the_leaders_found_are_exactly_those_who_signed_or_hold_duties(township, chain):
    found = answerable_leaders(unit=township, year=2026)

    assert [item.official for item in found] == [
        chain["secretary"],
        chain["mayor"],
        chain["inspector"],
    ]
    assert [item.responsibility for item in found] == [
        Responsibility.MAIN,
        Responsibility.MAIN,
        Responsibility.SUPERVISORY,
    ]


def test_each_leader_brings_their_duties_and_signatures_of_that_year(township, chain):
    secretary, mayor, inspector = answerable_leaders(unit=township, year=2026)

    assert set(secretary.duties) == {chain["duties"]["own"], chain["duties"]["team"]}
    assert set(secretary.signatures) == {
        chain["letter"].signature,
        chain["report_sign_off"].signature,
    }
    assert chain["old_letter"].signature not in secretary.signatures
    assert mayor.duties == [chain["duties"]["mayor"]]
    assert mayor.signatures == []
    assert inspector.duties == []
    assert inspector.signatures == [chain["sign_off"].signature]


def test_another_year_finds_only_that_years_signers(township, chain):
    found = answerable_leaders(unit=township, year=2025)

    assert {item.official.name for item in found} == {"王建国", "陈旧"}


def test_leaders_who_have_left_the_leadership_still_answer_for_their_year(
    township, chain
):
    former_inspector = leader(township, "周前", Official.Subject.NONE, "四级调研员")
    list_2025 = ResponsibilityList.objects.get(unit=township, year=2025)
    held = duty(list_2025, former_inspector, Subject.DISCIPLINE)
    predecessor = Official.objects.get(name="陈旧")
    predecessor.subject = Official.Subject.NONE
    predecessor.save()

    found = {
        item.official.name: item
        for item in answerable_leaders(unit=township, year=2025)
    }

    assert set(found) == {"王建国", "陈旧", "周前"}
    assert found["陈旧"].responsibility == Responsibility.MAIN
    assert found["周前"].responsibility == Responsibility.SUPERVISORY
    assert found["周前"].duties == [held]
    assert "赵干" not in {
        item.official.name for item in answerable_leaders(unit=township, year=2026)
    }


def test_finding_the_leaders_costs_the_same_queries_however_many_there_are(
    township, chain, django_assert_num_queries
):
    with django_assert_num_queries(5):
        answerable_leaders(unit=township, year=2026)
    for number in range(5):
        signed_letter(leader(township, f"新{number}", Official.Subject.TEAM_MEMBER))

    with django_assert_num_queries(5):
        found = answerable_leaders(unit=township, year=2026)

    assert len(found) == 8


def test_a_station_answers_through_its_township_committee(station, township, chain):
    found = answerable_leaders(unit=station, year=2026)

    assert {item.official for item in found} == {
        chain["secretary"],
        chain["mayor"],
        chain["inspector"],
    }
    assert {item.unit for item in found} == {township}


def test_a_unit_without_committee_above_it_has_nobody_to_answer():
    assert answerable_leaders(unit=UnitFactory(kind=Unit.Kind.STATION), year=2026) == []


def test_opening_a_case_inquiry_prefills_duties_and_signed_letters(
    case, chain, township, city_staff
):
    opened = open_double_inquiry(case=case, actor=city_staff)

    assert len(opened) == 2
    inquiry = Inquiry.objects.get(case=case, official=chain["secretary"])
    assert inquiry.unit == township
    assert inquiry.year == 2026
    assert inquiry.status == Inquiry.Status.OPEN
    assert inquiry.opened_by == city_staff
    assert set(inquiry.duties.all()) == {
        chain["duties"]["own"],
        chain["duties"]["team"],
    }
    assert chain["letter"].signature in inquiry.signatures.all()
    assert inquiry.basis == Basis.MAIN_LEADER
    assert (
        AuditEvent.objects.filter(action=AccountabilityAuditAction.INQUIRY_OPEN).count()
        == 2
    )


def test_opening_again_adds_only_the_missing_inquiries(case, chain, city_staff):
    open_double_inquiry(case=case, actor=city_staff)
    Inquiry.objects.filter(official=chain["inspector"]).delete()

    opened = open_double_inquiry(case=case, actor=city_staff)
    again = open_double_inquiry(case=case, actor=city_staff)

    assert [inquiry.official for inquiry in opened] == [chain["inspector"]]
    assert again == []
    assert Inquiry.objects.filter(case=case).count() == 2


def test_subjects_of_two_units_under_one_committee_open_one_inquiry_per_leader(
    case, township, chain, city_staff
):
    CaseSubjectFactory(case=case, official=OfficialFactory(unit=township))

    opened = open_double_inquiry(case=case, actor=city_staff)

    assert len(opened) == 2


def test_a_violation_of_another_year_names_that_years_main_leader(
    station, chain, city_staff
):
    case = CaseFactory(unit=station, violation_year=2025)
    CaseSubjectFactory(case=case, official=OfficialFactory(unit=station))

    proposal = propose_double_inquiry(case=case)
    opened = open_double_inquiry(case=case, actor=city_staff)

    assert [inquiry.official.name for inquiry in opened] == ["陈旧"]
    assert [leader.official for leader in proposal.others] == [chain["secretary"]]


# --- Who the rule names for a case ------------------------------------------------------


def in_charge_of(area, official: Official, township: Unit) -> Duty:
    """The official's duty for the area on the township's 2026 list."""
    return DutyFactory(
        responsibility_list=ResponsibilityList.objects.get(unit=township, year=2026),
        holder=official,
        template=None,
        source=Duty.Source.PORTFOLIO,
        area=area,
        subject=Subject.TEAM_MEMBER,
        number=5,
        text=area.duty_text,
    )


@pytest.fixture
def finance():
    return PortfolioAreaFactory(name="财政")


@pytest.fixture
def deputy(township, finance):
    """副镇长 孙强, a team member in charge of agriculture, not of finance."""
    deputy = leader(township, "孙强", Official.Subject.TEAM_MEMBER, "副镇长")
    in_charge_of(PortfolioAreaFactory(name="农业"), deputy, township)
    return deputy


def test_a_case_names_the_first_responsible_the_leader_in_charge_and_discipline(
    case, chain, township, finance, deputy
):
    in_charge_of(finance, chain["mayor"], township)
    case.area = finance
    case.save()

    proposal = propose_double_inquiry(case=case)

    assert [(item.official, item.basis) for item in proposal.named] == [
        (chain["secretary"], Basis.MAIN_LEADER),
        (chain["mayor"], Basis.IN_CHARGE),
        (chain["inspector"], Basis.DISCIPLINE),
    ]
    assert [item.official for item in proposal.others] == [deputy]
    assert proposal.has_leader_in_charge()


def test_without_an_area_nobody_in_charge_is_named_and_the_rest_are_offered(
    case, chain, deputy
):
    proposal = propose_double_inquiry(case=case)

    assert [item.basis for item in proposal.named] == [
        Basis.MAIN_LEADER,
        Basis.DISCIPLINE,
    ]
    assert {item.official for item in proposal.others} == {chain["mayor"], deputy}
    assert not proposal.has_leader_in_charge()


def test_a_subject_of_the_case_is_never_an_answering_leader(
    case, chain, township, finance, city_staff
):
    in_charge_of(finance, chain["mayor"], township)
    case.area = finance
    case.save()
    CaseSubjectFactory(case=case, official=chain["mayor"])

    proposal = propose_double_inquiry(case=case)
    opened = open_double_inquiry(case=case, actor=city_staff)

    everyone = [item.official for item in [*proposal.named, *proposal.others]]
    assert chain["mayor"] not in everyone
    assert chain["mayor"] not in {inquiry.official for inquiry in opened}


def test_adding_a_subject_of_the_case_is_refused(case, chain, city_staff):
    CaseSubjectFactory(case=case, official=chain["mayor"])

    with pytest.raises(ValidationError) as error:
        open_double_inquiry(
            case=case, actor=city_staff, added={chain["mayor"].pk: "分管财政。"}
        )

    assert error.value.code == "subject"
    assert "余敏" in error.value.messages[0]
    assert not Inquiry.objects.exists()


def test_another_leader_is_added_only_with_a_written_reason(case, chain, city_staff):
    mayor = chain["mayor"]
    with pytest.raises(ValidationError):
        open_double_inquiry(case=case, actor=city_staff, added={mayor.pk: "  "})
    assert not Inquiry.objects.exists()

    opened = open_double_inquiry(
        case=case, actor=city_staff, added={mayor.pk: "镇长分管财政所日常工作。"}
    )

    added = Inquiry.objects.get(official=mayor)
    assert added in opened
    assert (added.basis, added.added_reason) == (
        Basis.LEADER,
        "镇长分管财政所日常工作。",
    )
    assert added.duties.get() == chain["duties"]["mayor"]


def test_only_a_leader_answerable_that_year_can_be_added(case, chain, city_staff):
    stranger = OfficialFactory(unit=case.unit)

    with pytest.raises(ValidationError) as error:
        open_double_inquiry(case=case, actor=city_staff, added={stranger.pk: "理由。"})

    assert error.value.code == "not_answerable"


def test_a_proposal_changed_since_it_was_shown_is_not_opened(
    case, chain, township, finance, city_staff
):
    shown = propose_double_inquiry(case=case).named_pks
    in_charge_of(finance, chain["mayor"], township)
    case.area = finance
    case.save()

    with pytest.raises(ValidationError) as error:
        open_double_inquiry(case=case, actor=city_staff, shown=shown)

    assert error.value.code == "stale"
    assert not Inquiry.objects.exists()


def test_confirming_twice_opens_the_chosen_inquiries_once(case, chain, city_staff):
    choice = {
        "shown": propose_double_inquiry(case=case).named_pks,
        "added": {chain["mayor"].pk: "镇长分管财政所日常工作。"},
    }

    first = open_double_inquiry(case=case, actor=city_staff, **choice)
    second = open_double_inquiry(case=case, actor=city_staff, **choice)

    assert {inquiry.official for inquiry in first} == {
        chain["secretary"],
        chain["mayor"],
        chain["inspector"],
    }
    assert second == []
    assert Inquiry.objects.filter(case=case).count() == 3


def test_a_serious_finding_opens_inquiries_for_its_unit_and_year(
    township, chain, city_staff
):
    finding = FindingFactory(
        unit=township,
        severity=Finding.Severity.GRAVE,
        found_on=datetime.date(2026, 5, 12),
    )

    opened = open_double_inquiry(finding=finding, actor=city_staff)

    assert {inquiry.official for inquiry in opened} == {
        chain["secretary"],
        chain["mayor"],
        chain["inspector"],
    }
    assert all(inquiry.finding == finding for inquiry in opened)


def test_a_minor_finding_opens_no_inquiry(township, chain, city_staff):
    finding = FindingFactory(unit=township, severity=Finding.Severity.MINOR)

    with pytest.raises(ValidationError):
        open_double_inquiry(finding=finding, actor=city_staff)

    assert not Inquiry.objects.exists()


def test_clearing_an_inquiry_records_the_reasons(case, chain, city_staff):
    inquiry = open_double_inquiry(case=case, actor=city_staff)[0]

    clear_inquiry(
        inquiry=inquiry, reasons="已履行监督职责，及时报告。", actor=city_staff
    )

    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.NOT_RESPONSIBLE
    assert inquiry.concluded_by == city_staff
    assert AuditEvent.objects.filter(
        action=AccountabilityAuditAction.INQUIRY_CONCLUDE, object_id=str(inquiry.pk)
    ).exists()


def test_clearing_needs_reasons_and_an_open_inquiry(case, chain, city_staff):
    inquiry = open_double_inquiry(case=case, actor=city_staff)[0]

    with pytest.raises(ValidationError):
        clear_inquiry(inquiry=inquiry, reasons="  ", actor=city_staff)
    clear_inquiry(inquiry=inquiry, reasons="无责任。", actor=city_staff)
    with pytest.raises(ValidationError):
        clear_inquiry(inquiry=inquiry, reasons="再次。", actor=city_staff)
