"""Sign-offs (签字背书): a leader signs a list's breakdown or a duty report into the chain."""

import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.audit import CommitmentsAuditAction
from commitments.models import Signature, SignOff
from commitments.services.signing import first_broken_link
from commitments.services.signoffs import sign_off_list, sign_off_report
from core.models import AuditEvent
from responsibilities.models import DutyReport, Official, Period, Subject, Unit
from responsibilities.services.lists import generate_list, update_duty
from responsibilities.services.reports import update_report
from responsibilities.services.work import attach_files
from tests.factories import (
    DutyFactory,
    DutyReportFactory,
    DutyTemplateFactory,
    OfficialFactory,
    ResponsibilityListFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-1"
OPINION = "经审阅，同意该分解方案，本人对此负责。"
# A 1×1 PNG, as the signature pad sends it.
DRAWN = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4"
    "2mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@pytest.fixture
def township_list(township, secretary_official):
    """The township's 2026 list: a team duty and the secretary's own, in detail."""
    responsibility_list = ResponsibilityListFactory(unit=township, year=2026)
    DutyFactory(
        responsibility_list=responsibility_list,
        text="研究部署党风廉政建设工作。",
        measures="每季度专题研究一次。",
    )
    DutyFactory(
        responsibility_list=responsibility_list,
        template=DutyTemplateFactory(subject=Subject.MAIN_LEADER),
        holder=secretary_official,
        text="履行第一责任人职责。",
        measures="带头开展廉政谈话。",
        targets="班子成员谈话全覆盖。",
        due_on=datetime.date(2026, 12, 31),
    )
    return responsibility_list


def sign_off_data(**overrides) -> dict:
    return {
        "opinion": OPINION,
        "password": PASSWORD,
        "drawn_signature": "",
        **overrides,
    }


def report_sign_off_url(report: DutyReport) -> str:
    return reverse("commitments:signoff_report_create", args=[report.pk])


def list_sign_off_url(responsibility_list) -> str:
    return reverse("commitments:signoff_list_create", args=[responsibility_list.pk])


# --- Duty reports: the secretary's sign-off submits them ---


def test_secretary_signs_off_the_report_which_submits_it_into_the_chain(
    client, secretary, secretary_official, draft_report, letter
):
    client.force_login(secretary)

    response = client.post(report_sign_off_url(draft_report), sign_off_data())

    sign_off = SignOff.objects.get()
    signature = sign_off.signature
    draft_report.refresh_from_db()
    assert response.status_code == 302
    assert response.url == sign_off.get_absolute_url()
    assert draft_report.is_submitted()
    assert draft_report.submitted_at == signature.signed_at
    assert (sign_off.duty_report, sign_off.official) == (
        draft_report,
        secretary_official,
    )
    assert sign_off.kind == SignOff.Kind.YEAR_END_SUMMARY
    assert sign_off.unit == draft_report.unit
    assert sign_off.opinion == OPINION
    assert signature.kind == Signature.Kind.SIGN_OFF
    assert signature.personal_text == OPINION
    assert draft_report.text in signature.body
    assert "东湖镇" in signature.title
    assert signature.signer_name == "王建国"
    assert signature.is_intact()
    assert first_broken_link() is None
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        CommitmentsAuditAction.SIGN_OFF,
        CommitmentsAuditAction.REPORT_SUBMIT,
    } <= actions


def test_sign_offs_and_letters_share_one_chain(secretary, signed_letter, draft_report):
    sign_off = sign_off_report(
        duty_report=draft_report, signer=secretary, opinion="属实。"
    )

    assert sign_off.signature.sequence == signed_letter.signature.sequence + 1
    assert sign_off.signature.previous_hash == signed_letter.signature.content_hash
    assert first_broken_link() is None


def test_a_half_year_report_is_signed_off_as_a_duty_report(
    secretary, secretary_official, township
):
    report = DutyReportFactory(
        unit=township, written_by=secretary, period=Period.FIRST_HALF, draft=True
    )

    sign_off = sign_off_report(duty_report=report, signer=secretary, opinion="属实。")

    assert sign_off.kind == SignOff.Kind.DUTY_REPORT


def test_the_sign_off_freezes_the_reports_files_by_name_and_hash(
    secretary, draft_report, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("台账.pdf", b"%PDF-1.4 ledger")
    attach_files(files=[upload], uploaded_by=secretary, duty_report=draft_report)

    sign_off = sign_off_report(
        duty_report=draft_report, signer=secretary, opinion="属实。"
    )

    body = sign_off.signature.body
    assert "台账.pdf" in body
    assert hashlib.sha256(b"%PDF-1.4 ledger").hexdigest() in body


def test_a_signed_off_report_can_no_longer_be_edited(
    client, secretary, report_sign_off
):
    report = report_sign_off.duty_report
    client.force_login(secretary)
    edit_url = reverse("responsibilities:report_update", args=[report.pk])

    page = client.post(edit_url, {"text": "事后修改"}, follow=True)

    report.refresh_from_db()
    assert page.redirect_chain[0][0] == report.get_absolute_url()
    assert report.text == "2026年度落实全面从严治党主体责任情况报告。"
    assert not page.context["may_edit"]
    assert not page.context["may_sign_off"]
    with pytest.raises(ValidationError):
        update_report(report=report, text="事后修改", files=[], actor=secretary)
    with pytest.raises(PermissionError):
        report.save()


def test_a_sign_off_cannot_be_changed_or_deleted(report_sign_off):
    with pytest.raises(PermissionError):
        SignOff.objects.filter(pk=report_sign_off.pk).update(opinion="改过的意见")
    with pytest.raises(PermissionError):
        report_sign_off.save()
    with pytest.raises(PermissionError):
        SignOff.objects.filter(pk=report_sign_off.pk).delete()

    assert SignOff.objects.get(pk=report_sign_off.pk).opinion == report_sign_off.opinion


def test_signing_a_report_twice_is_refused(client, secretary, report_sign_off):
    report = report_sign_off.duty_report
    client.force_login(secretary)

    with pytest.raises(ValidationError):
        sign_off_report(duty_report=report, signer=secretary, opinion="再签一次")
    response = client.post(report_sign_off_url(report), sign_off_data())

    assert response.status_code == 302
    assert response.url == report.get_absolute_url()
    assert SignOff.objects.count() == 1


def test_the_sign_off_page_shows_the_report_as_it_will_be_frozen(
    client, secretary, draft_report
):
    client.force_login(secretary)

    response = client.get(report_sign_off_url(draft_report))

    assert response.status_code == 200
    assert draft_report.text in response.text
    assert "王建国" in response.text
    assert 'data-testid="sign-step"' in response.text
    assert 'name="password"' in response.text


def test_a_wrong_password_keeps_the_opinion_and_signs_nothing(
    client, secretary, draft_report
):
    client.force_login(secretary)

    response = client.post(
        report_sign_off_url(draft_report),
        sign_off_data(password="wrong", drawn_signature=DRAWN),
    )

    draft_report.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert OPINION in response.text
    assert not SignOff.objects.exists()
    assert not draft_report.is_submitted()


def test_an_empty_opinion_is_refused(client, secretary, draft_report):
    client.force_login(secretary)

    response = client.post(report_sign_off_url(draft_report), sign_off_data(opinion=""))

    assert response.status_code == 200
    assert response.context["form"].errors["opinion"]
    assert not SignOff.objects.exists()


def test_a_team_member_cannot_sign_off_the_report(client, member, draft_report):
    client.force_login(member)

    response = client.post(report_sign_off_url(draft_report), sign_off_data())

    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        sign_off_report(duty_report=draft_report, signer=member, opinion="同意")
    assert not SignOff.objects.exists()


def test_an_inactive_secretary_cannot_sign_off(
    secretary, secretary_official, draft_report
):
    Official.objects.filter(pk=secretary_official.pk).update(is_active=False)

    with pytest.raises(PermissionDenied):
        sign_off_report(duty_report=draft_report, signer=secretary, opinion="同意")


def test_another_townships_report_is_not_found(client, secretary, other_township):
    theirs = DutyReportFactory(unit=other_township, draft=True)
    client.force_login(secretary)

    response = client.get(report_sign_off_url(theirs))

    assert response.status_code == 404


def test_discipline_staff_may_read_but_not_sign_the_report(
    client, township_staff, draft_report
):
    client.force_login(township_staff)

    response = client.get(report_sign_off_url(draft_report))

    assert response.status_code == 403


def test_anonymous_is_sent_to_login(client, township_list, report_sign_off):
    urls = [
        report_sign_off_url(report_sign_off.duty_report),
        list_sign_off_url(township_list),
        report_sign_off.get_absolute_url(),
    ]
    for url in urls:
        response = client.get(url)

        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


# --- List breakdowns: any leader of the unit signs, once; the duties are then fixed ---


def test_a_breakdown_changed_after_the_page_was_opened_is_not_signed_unseen(
    client, secretary, township_list
):
    client.force_login(secretary)
    page = client.get(list_sign_off_url(township_list))
    township_list.duties.filter(text="履行第一责任人职责。").update(
        measures="改为每半年谈话一次。"
    )

    response = client.post(
        list_sign_off_url(township_list),
        sign_off_data(previewed=page.context["digest"]),
    )

    assert response.status_code == 200
    assert not SignOff.objects.exists()
    assert "改为每半年谈话一次。" in response.text
    assert response.context["form"]["opinion"].value() == OPINION


def test_a_breakdown_sign_off_freezes_every_duty_with_its_holder_and_details(
    client, secretary, township_list
):
    client.force_login(secretary)

    response = client.post(list_sign_off_url(township_list), sign_off_data())

    sign_off = SignOff.objects.get()
    body = sign_off.signature.body
    township_list.refresh_from_db()
    assert response.status_code == 302
    assert sign_off.kind == SignOff.Kind.BREAKDOWN
    assert sign_off.responsibility_list == township_list
    assert township_list.is_signed_off()
    assert township_list.signed_off_at == sign_off.signature.signed_at
    for text in (
        "研究部署党风廉政建设工作。",
        "每季度专题研究一次。",
        "履行第一责任人职责。",
        "王建国（党委书记）",
        "带头开展廉政谈话。",
        "班子成员谈话全覆盖。",
        "2026-12-31",
    ):
        assert text in body, text
    assert "东湖镇" in sign_off.signature.title
    assert "2026" in sign_off.signature.title


def test_a_signed_off_list_can_no_longer_be_edited_or_generated_again(
    client, secretary, township, township_list, secretary_official
):
    sign_off_list(responsibility_list=township_list, signer=secretary, opinion="同意。")
    duty = township_list.duties.get(holder=secretary_official)
    DutyTemplateFactory(year=2026, subject=Subject.COMMITTEE, number=99)
    client.force_login(secretary)

    page = client.get(duty.get_absolute_url())
    edit = client.post(
        reverse("responsibilities:duty_update", args=[duty.pk]),
        {"measures": "改过的措施", "targets": "", "due_on": ""},
    )

    duty.refresh_from_db()
    assert not page.context["is_editable"]
    assert edit.status_code == 302
    assert duty.measures == "带头开展廉政谈话。"
    with pytest.raises(ValidationError):
        update_duty(duty=duty, measures="改", targets="", due_on=None, actor=secretary)
    _list, added = generate_list(unit=township, year=2026)
    assert added == 0


def test_each_leader_of_the_unit_signs_the_breakdown_once(
    client, secretary, member, township_list
):
    sign_off_list(responsibility_list=township_list, signer=secretary, opinion="同意。")
    client.force_login(member)

    response = client.post(list_sign_off_url(township_list), sign_off_data())

    assert response.status_code == 302
    assert SignOff.objects.count() == 2
    with pytest.raises(ValidationError):
        sign_off_list(responsibility_list=township_list, signer=member, opinion="再签")
    assert first_broken_link() is None


def test_an_official_who_is_not_a_leader_cannot_sign_off_the_list(
    client, township, township_list
):
    clerk = UserFactory(profile__unit=township)
    OfficialFactory(unit=township, user=clerk, subject=Official.Subject.NONE)
    client.force_login(clerk)

    response = client.get(list_sign_off_url(township_list))

    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        sign_off_list(responsibility_list=township_list, signer=clerk, opinion="同意")


def test_another_townships_list_is_not_found(client, secretary, other_township):
    theirs = ResponsibilityListFactory(unit=other_township)
    DutyFactory(responsibility_list=theirs)
    client.force_login(secretary)

    response = client.get(list_sign_off_url(theirs))

    assert response.status_code == 404


def test_an_empty_list_cannot_be_signed_off(
    client, secretary, secretary_official, township
):
    empty = ResponsibilityListFactory(unit=township)
    client.force_login(secretary)

    response = client.get(list_sign_off_url(empty))

    assert response.status_code == 302
    with pytest.raises(ValidationError):
        sign_off_list(responsibility_list=empty, signer=secretary, opinion="同意")


def test_sign_off_create_refuses_other_methods(client, secretary, draft_report):
    client.force_login(secretary)

    response = client.put(report_sign_off_url(draft_report))

    assert response.status_code == 405


# --- Where sign-offs show ---


def test_the_list_page_shows_its_sign_offs_and_offers_the_others_to_sign(
    client, secretary, member, township_list
):
    sign_off = sign_off_list(
        responsibility_list=township_list, signer=secretary, opinion=OPINION
    )
    client.force_login(member)

    response = client.get(township_list.get_absolute_url())

    assert response.context["may_sign_off"]
    assert list(response.context["sign_offs"]) == [sign_off]
    assert sign_off.get_absolute_url() in response.text
    assert OPINION in response.text
    assert list_sign_off_url(township_list) in response.text


def test_a_leader_who_signed_and_staff_get_no_sign_off_button(
    client, secretary, township_staff, township_list
):
    sign_off_list(responsibility_list=township_list, signer=secretary, opinion="同意")

    for user in (secretary, township_staff):
        client.force_login(user)
        response = client.get(township_list.get_absolute_url())

        assert not response.context["may_sign_off"]
        assert list_sign_off_url(township_list) not in response.text


def test_the_sign_off_shows_the_frozen_document_and_how_to_verify_it(
    client, secretary, draft_report
):
    sign_off = sign_off_report(
        duty_report=draft_report,
        signer=secretary,
        opinion=OPINION,
        drawn_signature=DRAWN,
    )
    signature = sign_off.signature
    client.force_login(secretary)

    response = client.get(sign_off.get_absolute_url())

    assert response.status_code == 200
    assert signature.title in response.text
    assert draft_report.text in response.text
    assert OPINION in response.text
    assert signature.code in response.text
    assert reverse("public:verify", args=[signature.code]) in response.text
    assert signature.content_hash in response.text
    assert reverse("commitments:signoff_pdf", args=[sign_off.pk]) in response.text
    assert 'data-testid="drawn-signature"' in response.text


def test_without_a_drawn_signature_the_name_is_typed(
    client, secretary, report_sign_off
):
    client.force_login(secretary)

    response = client.get(report_sign_off.get_absolute_url())

    assert 'data-testid="typed-signature"' in response.text


def test_discipline_staff_read_the_sign_off_and_others_get_404(
    client, township_staff, auditor, city, report_sign_off
):
    stranger = UserFactory(
        profile__unit=Unit.objects.create(
            kind=Unit.Kind.TOWNSHIP, name="北岭镇", code="T09", parent=city
        )
    )
    url = report_sign_off.get_absolute_url()

    client.force_login(township_staff)
    assert client.get(url).status_code == 200
    for user in (auditor, stranger):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_a_sign_off_is_404_to_a_colleague_who_may_not_read_the_report(
    client, township, report_sign_off
):
    colleague = UserFactory(profile__unit=township)
    client.force_login(colleague)

    response = client.get(report_sign_off.get_absolute_url())

    assert response.status_code == 404


def test_report_list_query_count_does_not_grow_with_signed_off_reports(
    client, city_staff, city, count_queries
):
    client.force_login(city_staff)
    url = reverse("responsibilities:report_list") + "?year=2026&period=year"

    def signed_off_reports(count: int) -> None:
        for _index in range(count):
            unit = Unit.objects.create(
                kind=Unit.Kind.TOWNSHIP,
                name=f"镇{Unit.objects.count()}",
                code=f"S{Unit.objects.count():04d}",
                parent=city,
            )
            user = UserFactory(profile__unit=unit)
            OfficialFactory(unit=unit, user=user, subject=Official.Subject.MAIN_LEADER)
            report = DutyReportFactory(unit=unit, written_by=user, draft=True)
            sign_off_report(duty_report=report, signer=user, opinion="属实。")

    signed_off_reports(2)
    few = count_queries(url)

    signed_off_reports(10)

    assert count_queries(url) == few


def test_list_page_query_count_does_not_grow_with_sign_offs(
    client, township, township_list, secretary, count_queries
):
    def leaders_sign(count: int) -> None:
        for _index in range(count):
            user = UserFactory(profile__unit=township)
            OfficialFactory(
                unit=township, user=user, subject=Official.Subject.TEAM_MEMBER
            )
            sign_off_list(
                responsibility_list=township_list, signer=user, opinion="同意。"
            )

    client.force_login(secretary)
    leaders_sign(1)
    few = count_queries(township_list.get_absolute_url())

    leaders_sign(8)

    assert count_queries(township_list.get_absolute_url()) == few
