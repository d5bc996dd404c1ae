"""The demo city's enforcement once seed_demo has run (seeded once for the folder): last
year reproduces the essay's figures, this year has work in every state."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Count, F, Sum
from django.utils import timezone

from accountability.models import (
    AccountabilityAction,
    AssessmentScheme,
    Case,
    Clue,
    ClueDisposal,
    Inquiry,
    RegisterNumber,
    Responsibility,
    Sanction,
)
from accountability.services.cases import check_period
from core.models import AuditEvent
from demo import city
from inspections.models import Inspection
from responsibilities.models import BottomLine, Official
from tests.seeding import seed

pytestmark = pytest.mark.django_db

Measure = AccountabilityAction.Measure
Source = AccountabilityAction.Source
SENIOR_RANKS = (
    Official.Rank.COUNTY_CHIEF,
    Official.Rank.COUNTY_DEPUTY,
    Official.Rank.SECTION_CHIEF,
    Official.Rank.SECTION_DEPUTY,
)


def last_year() -> int:
    return timezone.localdate().year - 1


def this_year() -> int:
    return timezone.localdate().year


def cases_of_last_year():
    return Case.objects.of_year(last_year())


def actions_of_last_year():
    return AccountabilityAction.objects.of_year(last_year()).in_force()


def people(actions) -> int:
    return actions.exclude(official=None).values("official").distinct().count()


def row_counts() -> dict[str, int]:
    models = [AuditEvent, *apps.get_app_config("accountability").get_models(True)]
    return {model._meta.label: model.objects.count() for model in models}


def test_seeding_again_adds_nothing(seeded_city):
    before = row_counts()

    output = seed()

    assert row_counts() == before
    assert "Enforcement: 0 clues, 0 cases, 0 sanctions" in output


def test_last_year_filed_146_cases_closed_114_with_16_major_and_5_transferred(
    seeded_city,
):
    cases = cases_of_last_year()

    assert cases.count() == 146
    assert cases.filter(stage=Case.Stage.CLOSED).count() == 114
    assert cases.filter(closed_on__year=last_year()).count() == 114
    assert cases.filter(is_major=True).count() == 16
    transferred = cases.exclude(transferred_on=None)
    assert transferred.count() == 5
    assert not transferred.filter(transferred_to="").exists()


def test_last_years_cases_are_numbered_without_gaps_and_the_register_knows_it(
    seeded_city,
):
    year = last_year()
    for register, model, count in (
        (RegisterNumber.Register.CASE, Case, 146),
        (RegisterNumber.Register.CLUE, Clue, Clue.objects.filter(year=year).count()),
    ):
        sequences = model.objects.filter(year=year).values_list("sequence", flat=True)
        assert sorted(sequences) == list(range(1, count + 1))
        assert RegisterNumber.objects.get(register=register, year=year).last == count
    last = Case.objects.get(year=year, sequence=146)
    assert last.number == settings.CASE_NUMBER_FORMAT.format(year=year, number=146)


def test_136_people_were_sanctioned_and_over_760000_yuan_recovered_exactly(
    seeded_city,
):
    sanctions = Sanction.objects.filter(subject__case__year=last_year())
    recovered = cases_of_last_year().aggregate(total=Sum("money_recovered"))["total"]

    assert sanctions.values("subject__official").distinct().count() == 136
    assert not sanctions.exclude(subject__case__stage=Case.Stage.CLOSED).exists()
    assert recovered == Decimal("763480.50")
    assert recovered > 760_000
    for sanction in sanctions.select_related("subject__official"):
        period = sanction.period_months
        check_period(sanction)  # raises for a period the rules refuse
        assert sanction.period_months == period


def test_every_case_came_from_a_clue_proposed_for_filing_and_reported_twice(
    seeded_city,
):
    year = last_year()
    clues = Clue.objects.filter(year=year)

    assert not cases_of_last_year().filter(clue=None).exists()
    assert clues.count() > 146
    assert clues.filter(status=Clue.Status.FILED).count() == 146
    assert clues.exclude(status__in=[Clue.Status.FILED, Clue.Status.CLOSED]).exists()
    disposals = ClueDisposal.objects.filter(clue__year=year)
    assert disposals.filter(route=ClueDisposal.Route.PROPOSE_CASE).count() == 146
    assert set(disposals.values_list("route", flat=True)) == set(
        ClueDisposal.Route.values
    )
    assert not disposals.filter(reported_to_committee_on=None).exists()
    assert not disposals.filter(reported_to_higher_on=None).exists()
    assert not clues.annotate(n=Count("disposals")).filter(n=0).exists()


def test_34_units_were_criticised_in_a_circular(seeded_city):
    criticised = actions_of_last_year().filter(
        official=None, measure=Measure.CIRCULATED_CRITICISM
    )

    assert criticised.values("unit").distinct().count() == 34


def test_main_and_supervisory_responsibility_held_as_the_essay_counts(seeded_city):
    actions = actions_of_last_year().exclude(official=None)
    main = actions.filter(responsibility=Responsibility.MAIN)
    supervisory = actions.filter(responsibility=Responsibility.SUPERVISORY)

    assert people(main) == 8
    assert sorted(main.values_list("post", flat=True)) == sorted(
        ["党委书记"] * 3
        + ["镇长"]
        + ["副镇长"] * 2
        + ["市场监管综合执法大队大队长", "生态环境保护综合行政执法大队大队长"]
    )
    assert main.filter(post="党委书记", unit__kind="township").count() == 3
    assert main.filter(rank=Official.Rank.MIDDLE_MANAGER).count() == 2
    assert people(supervisory) == 4
    assert sorted(supervisory.values_list("post", flat=True)) == sorted(
        ["纪委书记"] * 2 + ["纪检副组长"] * 2
    )


def test_71_people_under_efficiency_accountability_5_of_them_deputy_section_or_above(
    seeded_city,
):
    efficiency = actions_of_last_year().filter(responsibility=Responsibility.EFFICIENCY)

    assert people(efficiency) == 71
    assert people(efficiency.filter(rank__in=SENIOR_RANKS)) == 5


def test_7_held_accountable_after_the_special_inspections_4_of_them_senior(
    seeded_city,
):
    after_special = actions_of_last_year().filter(source=Source.SPECIAL_INSPECTION)
    people_after = after_special.exclude(official=None)

    assert people(people_after) == 7
    assert people(people_after.filter(rank__in=SENIOR_RANKS)) == 4
    assert set(people_after.values_list("inspection__kind", flat=True)) == {
        Inspection.Kind.SPECIAL
    }
    assert set(people_after.values_list("inspection__started_on__year", flat=True)) == {
        last_year()
    }


def test_8_held_accountable_after_the_huafa_case(seeded_city):
    huafa = Inspection.objects.get(
        kind=Inspection.Kind.MEDIA_RESPONSE, title__contains="华发"
    )

    after_huafa = actions_of_last_year().filter(finding__inspection=huafa)

    assert people(after_huafa) == 8


def test_actions_cite_last_years_bottom_lines(seeded_city):
    cited = BottomLine.objects.filter(
        accountability_actions__in=actions_of_last_year()
    ).distinct()

    assert cited.exists()
    assert set(cited.values_list("year", flat=True)) == {last_year()}
    leaders = actions_of_last_year().exclude(responsibility=Responsibility.EFFICIENCY)
    assert not leaders.filter(bottom_lines=None).exists()


def test_major_cases_double_inquiries_concluded_some_with_actions(seeded_city):
    inquiries = Inquiry.objects.filter(case__year=last_year())

    assert inquiries.exists()
    assert not inquiries.filter(status=Inquiry.Status.OPEN).exists()
    held = inquiries.filter(status=Inquiry.Status.HELD_ACCOUNTABLE)
    assert held.count() == 4
    assert set(held.values_list("action__source", flat=True)) == {Source.DOUBLE_INQUIRY}
    assert not inquiries.filter(signatures=None, duties=None).exists()


def test_every_closed_case_of_last_year_had_its_double_inquiry_concluded(seeded_city):
    closed = cases_of_last_year().filter(stage=Case.Stage.CLOSED)

    assert not closed.filter(inquiries=None).exists()
    assert not Inquiry.objects.filter(case__in=closed, status="open").exists()
    cleared = Inquiry.objects.filter(
        case__in=closed, status=Inquiry.Status.NOT_RESPONSIBLE
    )
    assert not cleared.filter(reasons="").exists()
    assert cleared.filter(duties__isnull=False).exists()
    assert cleared.filter(signatures__isnull=False).exists()


def test_last_years_assessment_is_approved_with_some_units_vetoed(seeded_city):
    scheme = AssessmentScheme.objects.get(year=last_year())
    sheets = scheme.sheets.all()

    assert not sheets.exclude(status="approved").exists()
    vetoed = sheets.filter(is_vetoed=True)
    assert 3 <= vetoed.count() <= 5
    assert not vetoed.filter(total__gte=scheme.veto_line).exists()
    assert not sheets.filter(is_vetoed=False, total__lt=scheme.veto_line).exists()


def test_this_year_has_clues_in_every_state_and_cases_in_every_stage(seeded_city):
    today = timezone.localdate()
    clues = Clue.objects.filter(year=this_year())
    cases = Case.objects.of_year(this_year())

    assert set(clues.values_list("status", flat=True)) == set(Clue.Status.values)
    assert clues.overdue(today).exists()
    assert set(cases.values_list("stage", flat=True)) == set(Case.Stage.values)
    assert cases.overdue(today).count() == 1
    assert cases.exclude(transferred_on=None).count() == 1
    closed = cases.filter(stage=Case.Stage.CLOSED)
    assert closed.filter(inquiries=None).exists()
    assert closed.filter(inquiries__status=Inquiry.Status.OPEN).exists()


def test_every_sanction_is_decided_from_the_hearing_on(seeded_city):
    sanctions = Sanction.objects.select_related("subject__case")

    assert sanctions.exists()
    assert not sanctions.exclude(subject__case__stage__in=Case.SANCTION_STAGES).exists()
    for sanction in sanctions.filter(subject__case__year=this_year()):
        assert sanction.decided_on >= sanction.subject.case.hearing_began_on()


def test_no_double_inquiry_asks_a_subject_of_its_case(seeded_city):
    asked_subjects = Inquiry.objects.filter(
        case__subjects__official=F("official")
    ).exists()

    assert Inquiry.objects.filter(case__isnull=False).exists()
    assert not asked_subjects
    assert not Inquiry.objects.filter(case__isnull=False, basis="").exists()


def test_this_years_unfinished_inquiry_names_the_leader_in_charge(seeded_city):
    inquiries = Inquiry.objects.filter(case__year=this_year())

    in_charge = inquiries.get(basis=Inquiry.Basis.IN_CHARGE)

    assert in_charge.status == Inquiry.Status.NOT_RESPONSIBLE
    assert in_charge.duties.filter(area=in_charge.case.area).exists()


def test_staff_see_this_years_township_cases(seeded_city):
    staff = User.objects.get(username="staff")

    visible = Case.objects.visible_to(staff).of_year(this_year())

    assert visible.filter(unit__code=city.DEMO_TOWNSHIP).count() >= 3
    assert (
        Clue.objects.visible_to(staff)
        .filter(year=this_year(), unit__code=city.DEMO_TOWNSHIP)
        .exists()
    )
