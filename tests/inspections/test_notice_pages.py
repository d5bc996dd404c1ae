"""Notice pages: the list, drafting, the document, issuing, acknowledging, templates."""

import pytest
from django.urls import reverse

from core import roles
from core.models import AuditEvent
from inspections.audit import InspectionsAuditAction
from inspections.models import Notice, NoticeKind, NoticeTemplate
from inspections.services.notices import issue_notice
from tests.factories import (
    FindingFactory,
    InspectionFactory,
    NoticeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("inspections:notice_list")
CREATE_URL = reverse("inspections:notice_create")
TEMPLATES_URL = reverse("inspections:notice_template_list")


def url(name: str, notice: Notice) -> str:
    return reverse(f"inspections:{name}", args=[notice.pk])


def listed(response) -> list[Notice]:
    return list(response.context["page"])


def form_data(recipient, findings=(), **changes) -> dict:
    data = {
        "kind": NoticeKind.OPINION,
        "recipient_unit": recipient.pk,
        "findings": [finding.pk for finding in findings],
        "response_due_on": "2026-06-30",
        "title": "",
        "body": "",
    }
    return data | changes


def other_township_notice(discipline_committee, other_township, city_staff) -> Notice:
    notice = NoticeFactory(issuer=discipline_committee, recipient_unit=other_township)
    return issue_notice(notice=notice, actor=city_staff)


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_auditor_may_not_read_notices(client, auditor):
    client.force_login(auditor)

    assert client.get(LIST_URL).status_code == 403


def test_staff_list_drafts_first_and_filter_by_kind(
    client,
    city_staff,
    township_notice,
    issued_township_notice,
    discipline_committee,
    township,
):
    draft = NoticeFactory(issuer=discipline_committee, recipient_unit=township)
    efficiency = NoticeFactory(
        kind=NoticeKind.EFFICIENCY, issuer=discipline_committee, recipient_unit=township
    )
    client.force_login(city_staff)

    everything = listed(client.get(LIST_URL))
    only_efficiency = listed(client.get(LIST_URL, {"kind": NoticeKind.EFFICIENCY}))

    assert everything[-1] == issued_township_notice
    assert set(everything) == {draft, efficiency, issued_township_notice}
    assert only_efficiency == [efficiency]


def test_secretary_sees_issued_notices_of_the_unit_awaiting_ones_first(
    client,
    secretary,
    city_staff,
    discipline_committee,
    township,
    other_township,
    issued_township_notice,
):
    from inspections.services.notices import acknowledge_notice

    acknowledge_notice(notice=issued_township_notice, actor=secretary)
    awaiting = issue_notice(
        notice=NoticeFactory(issuer=discipline_committee, recipient_unit=township),
        actor=city_staff,
    )
    NoticeFactory(issuer=discipline_committee, recipient_unit=township)
    other_township_notice(discipline_committee, other_township, city_staff)
    client.force_login(secretary)

    response = client.get(LIST_URL)

    assert listed(response) == [awaiting, issued_township_notice]


def test_list_query_count_does_not_grow(
    client,
    city_staff,
    secretary,
    secretary_official,
    discipline_committee,
    township,
    count_queries,
):
    issue_notice(
        notice=NoticeFactory(issuer=discipline_committee, recipient_unit=township),
        actor=city_staff,
    )
    client.force_login(city_staff)
    staff_few = count_queries(LIST_URL)
    client.force_login(secretary)
    secretary_few = count_queries(LIST_URL)

    for _ in range(8):
        notice = NoticeFactory(issuer=discipline_committee, recipient_unit=township)
        issue_notice(notice=notice, actor=city_staff)
    client.force_login(city_staff)
    staff_many = count_queries(LIST_URL)
    client.force_login(secretary)

    assert count_queries(LIST_URL) == secretary_few
    assert staff_many == staff_few


def test_create_from_an_inspection_preselects_its_findings_and_unit(
    client, city_staff, township
):
    inspection = InspectionFactory(units=[township])
    findings = FindingFactory.create_batch(
        2, unit=township, inspection=inspection, source="inspection"
    )
    client.force_login(city_staff)

    response = client.get(CREATE_URL, {"inspection": inspection.pk})

    form = response.context["form"]
    assert set(form.initial["findings"]) == set(findings)
    assert form.initial["recipient_unit"] == township.pk


def test_create_from_a_finding_preselects_it(client, city_staff, township):
    finding = FindingFactory(unit=township)
    client.force_login(city_staff)

    response = client.get(CREATE_URL, {"finding": finding.pk})

    assert response.context["form"].initial["findings"] == [finding]


def test_staff_draft_a_notice_filled_from_the_template(client, city_staff, township):
    finding = FindingFactory(unit=township, description="公款吃喝。")
    client.force_login(city_staff)

    response = client.post(CREATE_URL, form_data(township, [finding]))

    notice = Notice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == notice.get_absolute_url()
    assert notice.title == NoticeTemplate.objects.get(kind=NoticeKind.OPINION).title
    assert "1. 公款吃喝。" in notice.body
    assert list(notice.findings.all()) == [finding]


def test_an_invalid_draft_shows_the_form_with_errors(client, city_staff, township):
    client.force_login(city_staff)

    response = client.post(CREATE_URL, form_data(township, response_due_on=""))

    assert response.status_code == 200
    assert response.context["form"].errors["response_due_on"]
    assert not Notice.objects.exists()


def test_a_finding_of_another_unit_keeps_the_form_with_an_error(
    client, city_staff, township, other_township
):
    stranger = FindingFactory(unit=other_township)
    client.force_login(city_staff)

    response = client.post(CREATE_URL, form_data(township, [stranger]))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Notice.objects.exists()


def test_a_work_recommendation_needs_a_leader(client, city_staff, township):
    client.force_login(city_staff)

    data = form_data(township, kind=NoticeKind.WORK_RECOMMENDATION)
    response = client.post(CREATE_URL, data)

    assert response.context["form"].errors["recipient_leader"]


def test_a_secretary_may_not_draft(client, secretary):
    client.force_login(secretary)

    assert client.get(CREATE_URL).status_code == 403


def test_staff_edit_a_draft(client, city_staff, township, township_notice):
    client.force_login(city_staff)
    data = form_data(
        township, township_notice.findings.all(), title="新标题", body="新正文"
    )

    response = client.post(url("notice_update", township_notice), data)

    township_notice.refresh_from_db()
    assert response.status_code == 302
    assert (township_notice.title, township_notice.body) == ("新标题", "新正文")


def test_an_issued_notice_cannot_be_edited(
    client, city_staff, township, issued_township_notice
):
    client.force_login(city_staff)
    edit_url = url("notice_update", issued_township_notice)

    assert client.get(edit_url).status_code == 403
    assert client.post(edit_url, form_data(township, title="改")).status_code == 403
    issued_township_notice.refresh_from_db()
    assert issued_township_notice.title != "改"


def test_a_township_user_sees_only_notices_of_its_units(
    client,
    township_staff,
    city_staff,
    discipline_committee,
    other_township,
    issued_township_notice,
):
    stranger = other_township_notice(discipline_committee, other_township, city_staff)
    client.force_login(township_staff)

    assert listed(client.get(LIST_URL)) == [issued_township_notice]
    assert client.get(url("notice_detail", stranger)).status_code == 404
    assert client.get(url("notice_pdf", stranger)).status_code == 404


def test_a_draft_is_invisible_to_its_recipient(client, secretary, township_notice):
    client.force_login(secretary)

    assert client.get(url("notice_detail", township_notice)).status_code == 404


def test_the_detail_reads_as_the_document_with_the_issue_button(
    client, city_staff, township_notice
):
    client.force_login(city_staff)

    response = client.get(url("notice_detail", township_notice))

    assert response.status_code == 200
    assert 'data-testid="confirm-issue"' in response.text
    assert 'data-testid="acknowledge-notice"' not in response.text
    assert "中州市纪委" in response.text
    assert "公务用车私用" in response.text


def test_staff_issue_a_draft_from_its_page(client, city_staff, township_notice):
    client.force_login(city_staff)

    response = client.post(url("notice_issue", township_notice))

    township_notice.refresh_from_db()
    assert response.status_code == 302
    assert township_notice.number.startswith("中纪监〔")
    page = client.get(url("notice_detail", township_notice)).text
    assert township_notice.number in page
    assert 'data-testid="confirm-issue"' not in page
    assert 'data-testid="edit-notice"' not in page


def test_issue_and_acknowledge_accept_only_post(
    client, city_staff, secretary, township_notice
):
    client.force_login(city_staff)

    assert client.get(url("notice_issue", township_notice)).status_code == 405
    assert client.get(url("notice_acknowledge", township_notice)).status_code == 405


def test_a_secretary_may_not_issue(client, secretary, issued_township_notice):
    client.force_login(secretary)

    response = client.post(url("notice_issue", issued_township_notice))

    assert response.status_code == 403


def test_the_secretary_acknowledges_from_the_page(
    client, secretary, issued_township_notice
):
    client.force_login(secretary)
    page = client.get(url("notice_detail", issued_township_notice)).text

    response = client.post(url("notice_acknowledge", issued_township_notice))

    issued_township_notice.refresh_from_db()
    assert 'data-testid="acknowledge-notice"' in page
    assert response.status_code == 302
    assert issued_township_notice.status == Notice.Status.ACKNOWLEDGED
    again = client.get(url("notice_detail", issued_township_notice)).text
    assert 'data-testid="acknowledged-info"' in again


def test_a_team_member_may_not_acknowledge(client, member, issued_township_notice):
    client.force_login(member)

    response = client.post(url("notice_acknowledge", issued_township_notice))

    assert response.status_code == 403


def test_staff_read_the_templates_without_edit_buttons(client, city_staff):
    client.force_login(city_staff)
    template = NoticeTemplate.objects.get(kind=NoticeKind.RECTIFICATION)

    response = client.get(TEMPLATES_URL)

    assert template.title in response.text
    assert url("notice_template_update", template) not in response.text
    assert client.get(url("notice_template_update", template)).status_code == 403


def test_template_list_query_count_is_fixed(client, administrator, count_queries):
    client.force_login(administrator)

    assert count_queries(TEMPLATES_URL) < 10


def test_an_administrator_edits_a_template(client, administrator):
    template = NoticeTemplate.objects.get(kind=NoticeKind.FEEDBACK)
    client.force_login(administrator)

    response = client.post(
        url("notice_template_update", template),
        {"title": "反馈意见书", "body": "{recipient}：\n{findings}"},
    )

    template.refresh_from_db()
    assert response.status_code == 302
    assert template.body == "{recipient}：\n{findings}"
    assert template.history.first().history_user == administrator
    assert AuditEvent.objects.filter(
        action=InspectionsAuditAction.NOTICE_TEMPLATE_CHANGE, user=administrator
    ).exists()


def test_a_template_with_an_unknown_placeholder_is_refused(client, administrator):
    template = NoticeTemplate.objects.get(kind=NoticeKind.FEEDBACK)
    client.force_login(administrator)

    response = client.post(
        url("notice_template_update", template),
        {"title": "反馈意见书", "body": "{recipient}：{unit}"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["body"]


def test_stranger_with_the_staff_role_elsewhere_gets_404_on_a_draft(
    client, other_township, township_notice
):
    stranger = UserFactory(profile__unit=other_township, roles=[roles.DISCIPLINE_STAFF])
    client.force_login(stranger)

    assert client.get(url("notice_update", township_notice)).status_code == 404
    assert client.post(url("notice_issue", township_notice)).status_code == 404


def test_an_administrator_lists_drafts_too(client, administrator, township_notice):
    client.force_login(administrator)

    assert listed(client.get(LIST_URL)) == [township_notice]


def test_a_malformed_preselection_is_ignored(client, city_staff):
    client.force_login(city_staff)

    response = client.get(CREATE_URL, {"inspection": "abc", "finding": "1x"})

    assert response.status_code == 200
    assert not response.context["form"].initial
