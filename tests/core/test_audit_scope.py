"""The trail tells who did what to which record and when, never what the record says."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accountability.audit import AccountabilityAuditAction
from accountability.models import Case, Clue
from accountability.services.cases import file_case
from accountability.services.clues import register_clue
from core import audit
from core.models import AuditEvent
from tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def accused(township):
    return OfficialFactory(unit=township, name="李明", post="财政所所长")


def trail(client, auditor, **filters) -> str:
    client.force_login(auditor)
    response = client.get(reverse("audit_log"), filters)
    assert response.status_code == 200
    return response.text


def test_a_filed_case_is_named_by_its_number_never_its_title(
    client, auditor, city_staff, township, accused
):
    case = Case(
        unit=township,
        title="李明违规发放津补贴案",
        summary="李明违规发放津补贴共计3.2万元。",
        category=Case.Category.INTEGRITY,
        filed_on=datetime.date(2026, 6, 1),
    )
    case = file_case(case=case, officials=[accused], actor=city_staff)

    text = trail(client, auditor, action=AccountabilityAuditAction.CASE_FILE)

    assert f"案件 {case.number} #{case.pk}" in text
    assert "李明" not in text
    assert "津补贴" not in text


def test_a_registered_clue_is_named_by_its_number_never_its_allegation(
    client, auditor, city_staff, township, accused
):
    clue = Clue(
        source=Clue.Source.PUBLIC_REPORT,
        channel=Clue.Channel.LETTER,
        unit=township,
        received_on=datetime.date(2026, 5, 20),
        summary="群众来信反映李明收受礼金。",
    )
    clue = register_clue(clue=clue, officials=[accused], actor=city_staff)

    text = trail(client, auditor, action=AccountabilityAuditAction.CLUE_REGISTER)

    assert f"{clue.number} #{clue.pk}" in text
    assert "李明" not in text
    assert "礼金" not in text


def test_rows_written_with_a_records_text_no_longer_show_it(
    client, auditor, city_staff
):
    AuditEvent.objects.create(
        user=city_staff,
        username=city_staff.username,
        action=AccountabilityAuditAction.CASE_FILE,
        object_type="accountability.case",
        object_id="7",
        object_repr="李明违规发放津补贴案",
    )

    text = trail(client, auditor)

    assert "案件 #7" in text
    assert "李明" not in text


def test_a_refused_page_shows_the_path_that_was_refused(client, auditor, secretary):
    client.force_login(secretary)
    client.get(reverse("responsibilities:unit_create"))

    text = trail(client, auditor, outcome=AuditEvent.Outcome.DENIED)

    assert reverse("responsibilities:unit_create") in text


def test_a_refused_case_read_names_the_case_by_its_number(
    client, auditor, city_staff, township_staff, other_township
):
    other = OfficialFactory(unit=other_township, name="赵强")
    case = Case(
        unit=other_township,
        title="赵强挪用公款案",
        category=Case.Category.INTEGRITY,
        filed_on=datetime.date(2026, 6, 1),
    )
    case = file_case(case=case, officials=[other], actor=city_staff)
    client.force_login(township_staff)
    client.get(reverse("accountability:case_detail", args=[case.pk]))

    text = trail(client, auditor, action=AccountabilityAuditAction.CASE_READ)

    assert f"案件 {case.number} #{case.pk}" in text
    assert "赵强" not in text


def test_the_trail_names_the_person_beside_the_login_name(client, auditor, secretary):
    secretary.first_name = "王芳"
    secretary.save()
    audit.record(action=audit.CoreAuditAction.LOGIN, user=secretary)

    text = trail(client, auditor, action=audit.CoreAuditAction.LOGIN)

    assert re.search(r"secretary\s*<span[^>]*>王芳</span>", text)


def test_the_trail_pages_without_counting_every_row(client, auditor, secretary):
    for _number in range(51):
        audit.record(action=audit.CoreAuditAction.LOGIN, user=secretary)
    client.force_login(auditor)

    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("audit_log"))
    second = client.get(reverse("audit_log"), {"page": 2})

    assert not any("COUNT(" in query["sql"] for query in queries.captured_queries)
    assert len(first.context["page"]) == 50
    assert "page=2" in first.text
    assert len(second.context["page"]) == AuditEvent.objects.count() - 50
    assert "page=3" not in second.text


def test_days_filter_whole_local_days(client, auditor, secretary):
    def at(*moment):
        return datetime.datetime(*moment, tzinfo=SHANGHAI)

    for moment in (
        at(2026, 4, 30, 23, 50),
        at(2026, 5, 1, 0, 5),
        at(2026, 5, 1, 23, 55),
        at(2026, 5, 2, 0, 1),
    ):
        AuditEvent.objects.create(
            username="secretary", action=audit.CoreAuditAction.LOGIN, created_at=moment
        )
    client.force_login(auditor)

    response = client.get(
        reverse("audit_log"), {"since": "2026-05-01", "until": "2026-05-01"}
    )

    shown = [event.created_at for event in response.context["page"]]
    assert shown == [at(2026, 5, 1, 23, 55), at(2026, 5, 1, 0, 5)]


def test_the_trail_offers_no_filter_on_what_records_say(client, auditor):
    client.force_login(auditor)

    response = client.get(reverse("audit_log"))

    assert set(response.context["filter"].form.fields) == {
        "username",
        "action",
        "outcome",
        "since",
        "until",
    }
