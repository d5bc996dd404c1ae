"""The demo city's supervision once seed_demo has run (seeded once for the folder)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db.models import F, Sum
from django.utils import timezone

from core.models import AuditEvent, Notification
from demo import city
from inspections.models import (
    Finding,
    Inspection,
    MonitoredProject,
    Notice,
    NoticeKind,
    Rectification,
)
from tests.seeding import seed

pytestmark = pytest.mark.django_db


def last_year() -> int:
    return timezone.localdate().year - 1


def row_counts() -> dict[str, int]:
    models = [User, AuditEvent]
    models += apps.get_app_config("inspections").get_models(include_auto_created=True)
    return {model._meta.label: model.objects.count() for model in models}


def township_rectifications():
    return Rectification.objects.filter(
        finding__unit__code=city.DEMO_TOWNSHIP,
        finding__found_on__year=timezone.localdate().year,
    )


def test_seeding_again_changes_nothing(seeded_city):
    before = row_counts()

    output = seed()

    assert row_counts() == before
    assert "Supervision: 0 inspections, 0 findings, 0 notices issued" in output


@pytest.mark.parametrize(
    ("kind", "count", "prefix"),
    [(NoticeKind.OPINION, 21, "中纪监"), (NoticeKind.EFFICIENCY, 56, "中纪效")],
)
def test_last_year_issued_its_notices_numbered_without_gaps(
    seeded_city, kind, count, prefix
):
    notices = Notice.objects.filter(kind=kind, year=last_year())

    assert sorted(notices.values_list("sequence", flat=True)) == list(
        range(1, count + 1)
    )
    last = notices.get(sequence=count)
    assert last.number == f"{prefix}〔{last_year()}〕{count}号"
    assert last.issued_at.year == last_year()
    assert all(notice.findings.exists() for notice in notices)


def test_last_years_special_inspections_cover_the_four_topics_with_findings(
    seeded_city,
):
    specials = Inspection.objects.filter(
        kind=Inspection.Kind.SPECIAL, started_on__year=last_year()
    )

    assert set(specials.values_list("topic", flat=True)) == {
        Inspection.Topic.TENDERING,
        Inspection.Topic.ADVANCE_PAYMENTS,
        Inspection.Topic.PROJECT_CHANGES,
        Inspection.Topic.SMALL_COFFERS,
    }
    assert all(special.findings.exists() for special in specials)


def test_last_year_had_21_open_and_covert_visits_all_done(seeded_city):
    visits = Inspection.objects.filter(
        kind__in=[Inspection.Kind.OPEN_VISIT, Inspection.Kind.COVERT_VISIT],
        started_on__year=last_year(),
    )

    assert visits.count() == 21
    assert set(visits.values_list("kind", flat=True)) == {
        Inspection.Kind.OPEN_VISIT,
        Inspection.Kind.COVERT_VISIT,
    }
    assert not visits.exclude(status=Inspection.Status.DONE).exists()


def test_227_projects_monitored_online_saved_660_million_yuan(seeded_city):
    projects = MonitoredProject.objects.filter(year=last_year())

    assert projects.count() == 227
    assert projects.aggregate(total=Sum("savings"))["total"] == Decimal("660000000")
    assert projects.values("owner").distinct().count() > 20
    assert not projects.filter(savings__gt=F("budget")).exists()


def test_huafa_case_answered_the_media_and_its_rectifications_were_accepted(
    seeded_city,
):
    case = Inspection.objects.get(
        kind=Inspection.Kind.MEDIA_RESPONSE, title__contains="华发塑料粒子厂"
    )

    assert "《聚焦》" in case.media_source
    findings = case.findings.all()
    assert findings.count() == 3
    assert set(findings.values_list("status", flat=True)) == {Finding.Status.CLOSED}
    assert (
        not Rectification.objects.filter(finding__in=findings)
        .exclude(status=Rectification.Status.ACCEPTED)
        .exists()
    )


def test_the_township_has_an_overdue_rectification_and_some_due_within_a_week(
    seeded_city,
):
    today = timezone.localdate()
    pending = township_rectifications().pending()

    assert pending.overdue(today).count() == 1
    due_soon = pending.filter(due_on__range=(today, today + timedelta(days=7)))
    assert due_soon.count() >= 2
    assert (
        township_rectifications().filter(status=Rectification.Status.SUBMITTED).exists()
    )


def test_the_township_secretary_has_an_issued_notice_to_acknowledge(seeded_city):
    secretary = User.objects.get(username="secretary")

    waiting = Notice.objects.visible_to(secretary).filter(
        status=Notice.Status.ISSUED, year=timezone.localdate().year
    )

    assert waiting.count() == 1
    assert waiting.get().recipient_unit.code == city.DEMO_TOWNSHIP


def test_last_years_record_leaves_no_unread_messages_behind(seeded_city):
    staff = User.objects.get(username="staff")

    unread = Notification.objects.filter(user=staff).unread()

    assert unread.count() < 10
    assert not unread.filter(title__contains=str(last_year())).exists()
