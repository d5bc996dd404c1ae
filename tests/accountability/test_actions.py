"""Accountability actions: the measure fits the target, the bottom lines are the year's,
a decided action never changes, and an action from a finding escalates it in one step."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accountability.audit import AccountabilityAuditAction
from accountability.models import (
    AccountabilityAction,
    Escalation,
    Inquiry,
    Responsibility,
)
from accountability.services.actions import decide_action
from accountability.services.inquiries import open_double_inquiry
from core.models import AuditEvent
from inspections.audit import InspectionsAuditAction
from inspections.models import Finding, Rectification
from responsibilities.models import Official
from tests.factories import (
    AccountabilityActionFactory,
    BottomLineFactory,
    CaseFactory,
    CaseSubjectFactory,
    FindingFactory,
    OfficialFactory,
    RectificationFactory,
    UnitFactory,
)

from . import test_inquiries

pytestmark = pytest.mark.django_db

Measure = AccountabilityAction.Measure
Source = AccountabilityAction.Source
DECIDED_ON = datetime.date(2026, 9, 1)
# The seeded chain of signatures and duties of the township, shared with the inquiries.
chain = test_inquiries.chain
station = test_inquiries.station


@pytest.fixture
def official(township):
    return OfficialFactory(
        unit=township, name="刘站长", post="站长", rank=Official.Rank.SECTION_DEPUTY
    )


@pytest.fixture
def case(township):
    return CaseFactory(unit=township, violation_year=2019)


def new_action(**fields) -> AccountabilityAction:
    values = {
        "measure": Measure.ADMONISHMENT,
        "responsibility": Responsibility.MAIN,
        "source": Source.OTHER,
        "reasons": "履行主体责任不力，对下属单位违纪问题失察。",
        "decided_on": DECIDED_ON,
        **fields,
    }
    if "official" in values and "unit" not in values:
        values["unit"] = values["official"].unit
    return AccountabilityAction(**values)


def test_an_action_against_an_official_snapshots_post_and_rank_and_cites_lines(
    official, case, city_staff
):
    lines = [BottomLineFactory(year=2019, number=n) for n in (3, 17)]

    action = decide_action(
        action=new_action(official=official, case=case, source=Source.DOUBLE_INQUIRY),
        bottom_lines=lines,
        actor=city_staff,
    )

    action.refresh_from_db()
    assert action.post == "站长"
    assert action.rank == Official.Rank.SECTION_DEPUTY
    assert action.decided_by == city_staff
    assert set(action.bottom_lines.all()) == set(lines)
    event = AuditEvent.objects.get(action=AccountabilityAuditAction.ACTION_DECIDE)
    assert event.object_id == str(action.pk)
    assert event.detail["bottom_lines"] == [3, 17]


def test_an_action_against_a_unit_takes_a_unit_measure(township, city_staff):
    action = decide_action(
        action=new_action(unit=township, measure=Measure.CIRCULATED_CRITICISM),
        bottom_lines=[],
        actor=city_staff,
    )

    assert action.is_against_unit()


@pytest.mark.parametrize(
    ("with_official", "measure", "field"),
    [
        (True, Measure.CIRCULATED_CRITICISM, "measure"),
        (False, Measure.ADMONISHMENT, "official"),
    ],
)
def test_a_measure_must_fit_its_target(
    official, township, city_staff, with_official, measure, field
):
    action = new_action(
        unit=township, official=official if with_official else None, measure=measure
    )

    with pytest.raises(ValidationError) as error:
        decide_action(action=action, bottom_lines=[], actor=city_staff)

    assert field in error.value.message_dict
    assert not AccountabilityAction.objects.exists()


def test_the_official_must_belong_to_the_actions_unit(
    official, other_township, city_staff
):
    action = new_action(official=official, unit=other_township)

    with pytest.raises(ValidationError) as error:
        decide_action(action=action, bottom_lines=[], actor=city_staff)

    assert "official" in error.value.message_dict


def test_a_unit_outside_the_actors_scope_is_refused(other_township, township_staff):
    action = new_action(unit=other_township, measure=Measure.DISQUALIFIED)

    with pytest.raises(ValidationError) as error:
        decide_action(action=action, bottom_lines=[], actor=township_staff)

    assert "unit" in error.value.message_dict


def test_bottom_lines_of_another_year_are_refused(official, case, city_staff):
    other_year = BottomLineFactory(year=2000)
    action = new_action(official=official, case=case, source=Source.DOUBLE_INQUIRY)

    with pytest.raises(ValidationError) as error:
        decide_action(action=action, bottom_lines=[other_year], actor=city_staff)

    assert "bottom_lines" in error.value.message_dict


def test_a_decided_action_can_be_neither_changed_nor_deleted(official, city_staff):
    action = decide_action(
        action=new_action(official=official), bottom_lines=[], actor=city_staff
    )

    action.reasons = "改写"
    with pytest.raises(PermissionError):
        action.save()
    with pytest.raises(PermissionError):
        action.delete()
    with pytest.raises(PermissionError):
        AccountabilityAction.objects.filter(pk=action.pk).update(reasons="改写")
    with pytest.raises(PermissionError):
        AccountabilityAction.objects.filter(pk=action.pk).delete()
    with pytest.raises(ValidationError):
        decide_action(action=action, bottom_lines=[], actor=city_staff)


def test_a_correction_is_a_new_action_and_only_one_per_action(official, city_staff):
    first = AccountabilityActionFactory(official=official, decided_by=city_staff)

    correction = decide_action(
        action=new_action(
            official=official, corrects=first, measure=Measure.CIRCULATED
        ),
        bottom_lines=[],
        actor=city_staff,
    )
    with pytest.raises(ValidationError):
        decide_action(
            action=new_action(official=official, corrects=first),
            bottom_lines=[],
            actor=city_staff,
        )

    assert correction.corrects == first
    assert list(AccountabilityAction.objects.in_force()) == [correction]


def test_an_action_from_a_finding_escalates_it_and_withdraws_its_rectification(
    official, city_staff
):
    rectification = RectificationFactory(finding__unit=official.unit)
    finding = rectification.finding

    action = decide_action(
        action=new_action(official=official, finding=finding, source=Source.FINDING),
        bottom_lines=[],
        actor=city_staff,
    )

    finding.refresh_from_db()
    rectification.refresh_from_db()
    assert finding.status == Finding.Status.ESCALATED
    assert finding.escalation == Escalation.ACCOUNTABILITY
    assert rectification.status == Rectification.Status.WITHDRAWN
    escalation = AuditEvent.objects.get(action=InspectionsAuditAction.FINDING_ESCALATE)
    assert escalation.detail["reason"] == action.reasons


def test_a_second_action_on_an_escalated_finding_leaves_it_escalated(
    official, city_staff
):
    finding = FindingFactory(unit=official.unit)
    for _number in range(2):
        decide_action(
            action=new_action(
                official=official, finding=finding, source=Source.FINDING
            ),
            bottom_lines=[],
            actor=city_staff,
        )

    finding.refresh_from_db()
    assert finding.status == Finding.Status.ESCALATED
    assert (
        AuditEvent.objects.filter(
            action=InspectionsAuditAction.FINDING_ESCALATE
        ).count()
        == 1
    )


def test_an_action_from_a_finding_needs_the_finding(official, city_staff):
    with pytest.raises(ValidationError) as error:
        decide_action(
            action=new_action(official=official, source=Source.FINDING),
            bottom_lines=[],
            actor=city_staff,
        )

    assert "source" in error.value.message_dict


def test_an_action_concludes_its_inquiry(station, chain, city_staff):
    case = CaseFactory(unit=station, violation_year=2026)
    CaseSubjectFactory(case=case, official=OfficialFactory(unit=station))
    inquiry = next(
        item
        for item in open_double_inquiry(case=case, actor=city_staff)
        if item.official == chain["secretary"]
    )

    action = decide_action(
        action=new_action(official=chain["secretary"]),
        bottom_lines=[],
        actor=city_staff,
        inquiry=inquiry,
    )

    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.HELD_ACCOUNTABLE
    assert inquiry.action == action
    assert action.source == Source.DOUBLE_INQUIRY
    assert action.case == case
    assert AuditEvent.objects.filter(
        action=AccountabilityAuditAction.INQUIRY_CONCLUDE, object_id=str(inquiry.pk)
    ).exists()


def test_an_inquiry_action_is_against_its_leader_and_only_once(
    station,
    chain,
    city_staff,
):
    case = CaseFactory(unit=station, violation_year=2026)
    inquiry = open_double_inquiry(case=case, actor=city_staff)[0]
    stranger = OfficialFactory(unit=UnitFactory())

    with pytest.raises(ValidationError):
        decide_action(
            action=new_action(official=stranger),
            bottom_lines=[],
            actor=None,
            inquiry=inquiry,
        )
    decide_action(
        action=new_action(official=inquiry.official),
        bottom_lines=[],
        actor=city_staff,
        inquiry=inquiry,
    )
    with pytest.raises(ValidationError):
        decide_action(
            action=new_action(official=inquiry.official),
            bottom_lines=[],
            actor=city_staff,
            inquiry=inquiry,
        )
