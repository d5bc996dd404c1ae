"""Sanctions (处分): deciding them, their periods, corrections, immutability, the page."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accountability.audit import AccountabilityAuditAction
from accountability.models import Case, Sanction
from accountability.services.cases import advance_case, decide_sanction
from core.models import AuditEvent
from tests.factories import CaseSubjectFactory, OfficialFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
Party = Sanction.Party
Administrative = Sanction.Administrative


@pytest.fixture
def heard_case(township_case, city_staff):
    """township_case, moved on to the hearing (审理) today: sanctions may be decided."""
    investigated = advance_case(case=township_case, actor=city_staff)
    return advance_case(case=investigated, actor=city_staff)


def url(case) -> str:
    return reverse("accountability:sanction_create", args=[case.pk])


def decide(case, actor, **fields) -> Sanction:
    values = {"decided_on": TODAY} | fields
    return decide_sanction(subject=case.subjects.get(), actor=actor, **values)


# --- Deciding ---------------------------------------------------------------------


def test_a_sanction_is_recorded_with_its_audit_event(heard_case, city_staff):
    sanction = decide(heard_case, city_staff, party_sanction=Party.WARNING)

    assert sanction.decided_by == city_staff
    assert sanction.period_months is None
    event = AuditEvent.objects.get(action=AccountabilityAuditAction.SANCTION_DECIDE)
    assert event.object_id == str(sanction.pk)
    assert event.detail["case"] == heard_case.pk


def test_a_sanction_needs_a_party_or_administrative_sanction(heard_case, city_staff):
    with pytest.raises(ValidationError):
        decide(heard_case, city_staff)


@pytest.mark.parametrize("months", [12, 24])
def test_probation_lasts_one_or_two_years(heard_case, city_staff, months):
    sanction = decide(
        heard_case, city_staff, party_sanction=Party.PROBATION, period_months=months
    )

    assert sanction.period_months == months


@pytest.mark.parametrize("months", [None, 6, 18, 36])
def test_probation_of_another_length_is_refused(heard_case, city_staff, months):
    with pytest.raises(ValidationError) as error:
        decide(
            heard_case,
            city_staff,
            party_sanction=Party.PROBATION,
            period_months=months,
        )

    assert "period_months" in error.value.message_dict


@pytest.mark.parametrize(
    ("administrative", "months"),
    [
        (Administrative.WARNING, 6),
        (Administrative.DEMERIT, 12),
        (Administrative.MAJOR_DEMERIT, 18),
        (Administrative.DEMOTION, 24),
        (Administrative.DISMISSAL_FROM_POST, 24),
    ],
)
def test_an_administrative_sanction_lasts_what_the_law_fixes(
    heard_case, city_staff, administrative, months
):
    sanction = decide(heard_case, city_staff, administrative_sanction=administrative)

    assert sanction.period_months == months


def test_a_wrong_administrative_period_is_refused(heard_case, city_staff):
    with pytest.raises(ValidationError) as error:
        decide(
            heard_case,
            city_staff,
            administrative_sanction=Administrative.DEMERIT,
            period_months=6,
        )

    assert "period_months" in error.value.message_dict


@pytest.mark.parametrize(
    "fields",
    [
        {"party_sanction": Party.EXPULSION},
        {"administrative_sanction": Administrative.DISCHARGE},
    ],
)
def test_a_sanction_without_a_period_takes_none(heard_case, city_staff, fields):
    with pytest.raises(ValidationError) as error:
        decide(heard_case, city_staff, period_months=12, **fields)

    assert "period_months" in error.value.message_dict


def test_party_discipline_is_only_for_party_members(heard_case, city_staff):
    official = heard_case.subjects.get().official
    official.is_party_member = False
    official.save()

    with pytest.raises(ValidationError) as error:
        decide(heard_case, city_staff, party_sanction=Party.WARNING)

    assert "party_sanction" in error.value.message_dict


@pytest.mark.parametrize("days", [-11, 1])
def test_the_decision_date_lies_between_filing_and_today(heard_case, city_staff, days):
    with pytest.raises(ValidationError) as error:
        decide(
            heard_case,
            city_staff,
            party_sanction=Party.WARNING,
            decided_on=TODAY + datetime.timedelta(days=days),
        )

    assert "decided_on" in error.value.message_dict


def test_a_sanction_out_of_scope_is_refused(heard_case, township_staff):
    other = CaseSubjectFactory(case__year=2020, case__unit=OfficialFactory().unit)

    with pytest.raises(PermissionDenied):
        decide_sanction(
            subject=other,
            actor=township_staff,
            party_sanction=Party.WARNING,
            decided_on=TODAY,
        )


@pytest.mark.parametrize("stages", [0, 1])
def test_no_sanction_before_the_hearing(township_case, city_staff, stages):
    case = township_case
    for _stage in range(stages):
        case = advance_case(case=case, actor=city_staff)

    with pytest.raises(ValidationError) as error:
        decide(case, city_staff, party_sanction=Party.WARNING)

    assert error.value.code == "before_hearing"
    assert case.get_stage_display() in error.value.messages[0]
    assert not Sanction.objects.exists()


def test_a_sanction_is_not_dated_before_the_hearing_began(township_case, city_staff):
    days = datetime.timedelta
    investigated = advance_case(
        case=township_case, actor=city_staff, started_on=TODAY - days(5)
    )
    advance_case(case=investigated, actor=city_staff, started_on=TODAY - days(1))

    with pytest.raises(ValidationError) as error:
        decide(
            township_case,
            city_staff,
            party_sanction=Party.WARNING,
            decided_on=TODAY - datetime.timedelta(days=2),
        )

    assert "decided_on" in error.value.message_dict


def test_a_closed_case_still_takes_a_sanction_dated_after_its_hearing(
    heard_case, city_staff
):
    closed = advance_case(
        case=heard_case, actor=city_staff, closed_on=TODAY, conclusion="结案。"
    )

    sanction = decide(closed, city_staff, party_sanction=Party.WARNING)

    assert sanction.subject.case == closed


# --- Corrections and immutability -------------------------------------------------


def test_a_second_sanction_must_be_a_correction(heard_case, city_staff):
    decide(heard_case, city_staff, party_sanction=Party.WARNING)

    with pytest.raises(ValidationError) as error:
        decide(heard_case, city_staff, party_sanction=Party.SERIOUS_WARNING)

    assert "corrects" in error.value.message_dict


def test_a_correction_puts_the_corrected_sanction_out_of_force(heard_case, city_staff):
    first = decide(heard_case, city_staff, party_sanction=Party.WARNING)

    second = decide(
        heard_case, city_staff, party_sanction=Party.SERIOUS_WARNING, corrects=first
    )

    assert list(Sanction.objects.in_force()) == [second]
    assert second.corrects == first
    with pytest.raises(ValidationError):
        # A corrected sanction is no longer in force: it is not corrected twice.
        decide(heard_case, city_staff, party_sanction=Party.WARNING, corrects=first)


def test_a_correction_names_a_sanction_of_the_same_subject(
    heard_case, city_staff, township
):
    other_subject = CaseSubjectFactory(
        case__year=2020, case__unit=township, case__stage=Case.Stage.TRIAL
    )
    stranger = decide_sanction(
        subject=other_subject,
        actor=city_staff,
        party_sanction=Party.WARNING,
        decided_on=other_subject.case.filed_on,
    )

    with pytest.raises(ValidationError):
        decide(heard_case, city_staff, party_sanction=Party.WARNING, corrects=stranger)


def test_a_decided_sanction_cannot_be_edited_or_deleted(heard_case, city_staff):
    sanction = decide(heard_case, city_staff, party_sanction=Party.WARNING)

    sanction.party_sanction = Party.EXPULSION
    with pytest.raises(PermissionError):
        sanction.save()
    with pytest.raises(PermissionError):
        sanction.delete()
    with pytest.raises(PermissionError):
        Sanction.objects.filter(pk=sanction.pk).update(party_sanction=Party.EXPULSION)
    with pytest.raises(PermissionError):
        Sanction.objects.all().delete()
    sanction.refresh_from_db()
    assert sanction.party_sanction == Party.WARNING


# --- The page ---------------------------------------------------------------------


def test_staff_record_a_sanction_on_the_page(client, heard_case, city_staff):
    subject = heard_case.subjects.get()
    client.force_login(city_staff)
    assert client.get(url(heard_case), {"subject": subject.pk}).status_code == 200

    response = client.post(
        url(heard_case),
        {
            "subject": subject.pk,
            "party_sanction": Party.PROBATION,
            "administrative_sanction": Administrative.DEMOTION,
            "period_months": "24",
            "decided_on": TODAY.isoformat(),
            "decision_number": "中纪处〔2026〕3号",
        },
    )

    assert response.status_code == 302
    assert response.url == heard_case.get_absolute_url()
    sanction = Sanction.objects.get()
    assert (sanction.subject, sanction.period_months) == (subject, 24)
    page = client.get(heard_case.get_absolute_url())
    assert f'data-pk="{sanction.pk}"'.encode() in page.content


def test_an_invalid_sanction_shows_its_errors(client, heard_case, city_staff):
    client.force_login(city_staff)

    response = client.post(
        url(heard_case),
        {
            "subject": heard_case.subjects.get().pk,
            "party_sanction": Party.PROBATION,
            "decided_on": TODAY.isoformat(),
        },
    )

    assert response.status_code == 200
    assert "period_months" in response.context["form"].errors
    assert not Sanction.objects.exists()


def test_only_subjects_of_the_case_can_be_chosen(client, heard_case, city_staff):
    other = CaseSubjectFactory(case__year=2020, case__unit=heard_case.unit)
    client.force_login(city_staff)

    response = client.post(
        url(heard_case),
        {
            "subject": other.pk,
            "party_sanction": Party.WARNING,
            "decided_on": TODAY.isoformat(),
        },
    )

    assert response.status_code == 200
    assert "subject" in response.context["form"].errors


def test_the_sanction_page_of_a_case_out_of_scope_is_not_found(
    client, township_staff, other_township
):
    other = CaseSubjectFactory(case__year=2020, case__unit=other_township)
    client.force_login(township_staff)

    assert client.get(url(other.case)).status_code == 404


def test_the_sanction_page_of_a_case_under_investigation_says_why_not(
    client, township_case, city_staff
):
    case = advance_case(case=township_case, actor=city_staff)
    client.force_login(city_staff)

    page = client.get(url(case))
    response = client.post(
        url(case),
        {
            "subject": case.subjects.get().pk,
            "party_sanction": Party.WARNING,
            "decided_on": TODAY.isoformat(),
        },
    )

    assert 'data-testid="sanction-refused"' in page.text
    assert 'data-testid="sanction-form"' not in page.text
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Sanction.objects.exists()
    detail = client.get(case.get_absolute_url()).text
    assert url(case) not in detail
    assert 'data-testid="sanctions-after-hearing"' in detail


def test_a_secretary_cannot_record_sanctions(client, heard_case, secretary):
    client.force_login(secretary)

    assert client.get(url(heard_case)).status_code == 403


def test_anonymous_visitor_is_sent_to_log_in_from_the_sanction_page(client, heard_case):
    response = client.get(url(heard_case))

    assert response.status_code == 302
    assert reverse("login") in response.url
