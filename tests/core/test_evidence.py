"""The evidence rule (core.evidence) where the apps' own tests leave it unsaid: what stays
open before a record freezes, and that the stored row, not a stale copy, decides."""

from decimal import Decimal

import pytest
from django.utils import timezone

from accountability.models import Deduction, ScoreSheet
from commitments.models import Letter
from inspections.models import Evidence, Notice, RectificationStep
from responsibilities.models import DutyReport
from tests.factories import (
    AssessmentItemFactory,
    DutyReportFactory,
    LetterFactory,
    NoticeFactory,
    RectificationFactory,
    ScoreSheetFactory,
)

pytestmark = pytest.mark.django_db


def test_a_draft_report_may_change_and_be_deleted():
    report = DutyReportFactory(draft=True)

    report.text = "修改后的草稿"
    report.save()
    report.delete()

    assert not DutyReport.objects.exists()


def test_a_copy_loaded_before_submission_cannot_overwrite_the_report():
    report = DutyReportFactory(draft=True)
    DutyReport.objects.filter(pk=report.pk).update(
        status=DutyReport.Status.SUBMITTED, submitted_at=timezone.now()
    )

    report.text = "提交后改写"
    with pytest.raises(PermissionError):
        report.save()
    with pytest.raises(PermissionError):
        report.delete()

    assert DutyReport.objects.get().text == "本年度落实主体责任情况报告。"


def test_a_draft_notice_may_be_deleted_but_not_once_issued_meanwhile():
    draft = NoticeFactory()
    stale = NoticeFactory()
    Notice.objects.filter(pk=stale.pk).update(
        status=Notice.Status.ISSUED,
        sequence=1,
        number="纪监意〔2026〕1号",
        issued_at=timezone.now(),
    )

    draft.delete()
    with pytest.raises(PermissionError):
        stale.delete()

    assert list(Notice.objects.all()) == [stale]


def test_a_letter_is_never_deleted_even_unsigned():
    letter = LetterFactory()

    with pytest.raises(PermissionError):
        letter.delete()

    assert Letter.objects.filter(pk=letter.pk).exists()


def test_an_unsigned_letter_may_change():
    letter = LetterFactory()

    letter.personal_text = "草稿"
    letter.save()

    assert Letter.objects.get().personal_text == "草稿"


def test_rectification_steps_and_their_evidence_never_change():
    rectification = RectificationFactory()
    step = RectificationStep.objects.create(
        rectification=rectification,
        created_by=rectification.created_by,
        kind=RectificationStep.Kind.PROGRESS,
        text="已整改一半。",
    )
    evidence = Evidence.objects.create(
        step=step,
        file="rectifications/a.pdf",
        original_name="整改报告.pdf",
        size=1,
        uploaded_by=rectification.created_by,
    )

    step.text = "已全部整改。"
    evidence.original_name = "改名.pdf"
    with pytest.raises(PermissionError):
        step.save()
    with pytest.raises(PermissionError):
        evidence.save()

    assert RectificationStep.objects.get().text == "已整改一半。"
    assert Evidence.objects.get().original_name == "整改报告.pdf"


def test_no_deduction_is_added_to_an_approved_sheet():
    sheet = ScoreSheetFactory(
        status=ScoreSheet.Status.APPROVED, approved_at=timezone.now()
    )
    item = AssessmentItemFactory(scheme=sheet.scheme)

    with pytest.raises(PermissionError):
        Deduction.objects.create(sheet=sheet, item=item, points=Decimal(2))

    assert not Deduction.objects.exists()
