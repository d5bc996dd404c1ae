"""Supervision closes the loop: staff inspect a township, enter three findings and issue a
numbered notice; the township's secretary acknowledges it and reports one finding fixed,
with evidence; staff return the report once, then accept it, and the finding is closed."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from core import roles
from inspections.models import Finding, Inspection, NoticeKind, Rectification
from responsibilities.models import Official, Unit
from tests.e2e.accounts import PASSWORD, city_with_staff, log_in
from tests.factories import InspectionFactory, OfficialFactory, UserFactory

# As in the other journeys: the live server is another thread, so rows are committed, and
# serialized_rollback brings back what the data migrations made (roles, notice templates).
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "东湖镇作风效能监督检查"
FINDINGS = (
    "便民服务中心工作日上午有工作人员迟到。",
    "村级工程资金拨付审批手续不全。",
    "公务接待清单填写不完整。",
)
REPORT = "已补齐接待公函和清单，完善了审批制度。"
RETURN_REASONS = "缺少整改后的接待审批单，请补充。"


@pytest.fixture
def city(settings, tmp_path):
    """A city with its discipline committee, 东湖镇, its secretary and staff."""
    settings.MEDIA_ROOT = tmp_path / "media"
    committee, township = city_with_staff()
    OfficialFactory(
        unit=committee,
        name="李明",
        post="第一纪检监察室主任",
        rank=Official.Rank.SECTION_CHIEF,
        subject=Official.Subject.NONE,
    )
    secretary = UserFactory(
        username="secretary",
        first_name="王建国",
        password=PASSWORD,
        profile__unit=township,
        roles=[roles.SECRETARY],
    )
    OfficialFactory(
        unit=township,
        user=secretary,
        name="王建国",
        post="党委书记",
        rank=Official.Rank.SECTION_CHIEF,
        subject=Official.Subject.MAIN_LEADER,
    )
    return township


def pick(form, name: str, text: str) -> None:
    """Choose `text` in a picker that searches the server: type it, click the match."""
    picker = form.locator(f"select[name={name}] + .ts-wrapper")
    picker.locator(".ts-control input").fill(text)
    picker.locator(".ts-dropdown .option").filter(has_text=text).first.click()


def record_inspection(page, live_server) -> Inspection:
    page.goto(f"{live_server.url}{reverse('inspections:inspection_create')}")
    form = page.locator("main form")
    form.locator("select[name=kind]").select_option(Inspection.Kind.ROUTINE)
    form.locator("input[name=title]").fill(TITLE)
    today = timezone.localdate()
    form.locator("input[name=started_on]").fill(f"{today:%Y-%m-%d}")
    pick(form, "units", "东湖镇")
    pick(form, "team", "李明")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/inspections/\d+/$"))
    return Inspection.objects.get(title=TITLE)


def enter_findings(page) -> None:
    """Enter the findings one row after another, each saved as it is done."""
    page.get_by_test_id("enter-findings").click()
    for number, description in enumerate(FINDINGS, start=1):
        row = page.get_by_test_id("finding-row").last
        row.locator("select[name$='-category']").select_option(Finding.Category.CONDUCT)
        row.locator("textarea[name$='-description']").fill(description)
        row.locator("button[type=submit]").click()
        expect(page.get_by_test_id("saved-finding")).to_have_count(number)


def issue_notice(page, live_server, inspection: Inspection) -> str:
    page.goto(f"{live_server.url}{inspection.get_absolute_url()}")
    page.get_by_test_id("draft-notice").click()
    form = page.locator("main form")
    form.locator("select[name=kind]").select_option(NoticeKind.OPINION)
    due = timezone.localdate() + timedelta(days=15)
    form.locator("input[name=response_due_on]").fill(f"{due:%Y-%m-%d}")
    form.locator("button[type=submit]").click()
    page.get_by_test_id("issue-notice").click()
    page.get_by_test_id("confirm-issue").click()
    number = page.get_by_test_id("notice-number")
    expect(number).to_have_text(re.compile(r"中纪监〔\d{4}〕1号"))
    return number.inner_text()


def assign_rectification(page, live_server, finding: Finding) -> None:
    page.goto(f"{live_server.url}{finding.get_absolute_url()}")
    page.get_by_test_id("assign-rectification").click()
    form = page.locator("main form")
    pick(form, "responsible", "王建国")
    due = timezone.localdate() + timedelta(days=10)
    form.locator("input[name=due_on]").fill(f"{due:%Y-%m-%d}")
    form.locator("textarea[name=plan]").fill("补齐材料，完善制度。")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/rectifications/\d+/$"))


def submit_report(page, evidence) -> None:
    form = page.get_by_test_id("completion-form")
    form.locator("textarea[name=text]").fill(REPORT)
    form.locator("input[name=files]").set_input_files(evidence)
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("rectification-status")).to_contain_text(
        re.compile(r"\S")
    )


def staff_acts(page, action: str, reasons: str = "") -> None:
    page.get_by_test_id(f"{action}-button").click()
    form = page.get_by_test_id(f"{action}-form")
    if reasons:
        form.locator("textarea[name=reasons]").fill(reasons)
    form.locator("button[type=submit]").click()


def test_staff_inspect_notify_return_and_accept_a_rectification(
    page, live_server, city, tmp_path
):
    log_in(page, live_server, "staff")
    inspection = record_inspection(page, live_server)
    enter_findings(page)
    assert inspection.findings.count() == 3
    number = issue_notice(page, live_server, inspection)
    finding = inspection.findings.get(description=FINDINGS[2])
    assign_rectification(page, live_server, finding)
    rectification = Rectification.objects.get(finding=finding)

    log_in(page, live_server, "secretary")
    page.get_by_test_id("panel-notice").filter(has_text=number).click()
    page.get_by_test_id("acknowledge-notice").click()
    expect(page.get_by_test_id("acknowledged-info")).to_be_visible()
    page.goto(f"{live_server.url}/")
    page.get_by_test_id("panel-rectification").first.click()
    expect(page).to_have_url(f"{live_server.url}{rectification.get_absolute_url()}")
    evidence = tmp_path / "接待审批单.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF\n")
    submit_report(page, evidence)
    expect(page.get_by_test_id("evidence-link")).to_contain_text("接待审批单.pdf")

    log_in(page, live_server, "staff")
    page.goto(f"{live_server.url}{rectification.get_absolute_url()}")
    staff_acts(page, "return", RETURN_REASONS)
    expect(page.get_by_test_id("rectification-steps")).to_contain_text(RETURN_REASONS)
    rectification.refresh_from_db()
    assert rectification.status == Rectification.Status.RETURNED

    log_in(page, live_server, "secretary")
    page.goto(f"{live_server.url}{rectification.get_absolute_url()}")
    submit_report(page, evidence)
    rectification.refresh_from_db()
    assert rectification.status == Rectification.Status.SUBMITTED

    log_in(page, live_server, "staff")
    page.goto(f"{live_server.url}{rectification.get_absolute_url()}")
    staff_acts(page, "accept")
    page.goto(f"{live_server.url}{finding.get_absolute_url()}")
    expect(page.get_by_test_id("finding-status").first).to_have_attribute(
        "data-status", Finding.Status.CLOSED
    )


def test_a_new_finding_row_on_a_phone_searches_the_people_of_its_unit(
    phone_page, live_server, city
):
    township = city
    inspection = InspectionFactory(
        organiser=Unit.objects.get(kind=Unit.Kind.DISCIPLINE_COMMITTEE),
        units=[township],
        status=Inspection.Status.IN_PROGRESS,
    )
    log_in(phone_page, live_server, "staff")
    entry = reverse("inspections:finding_entry", args=[inspection.pk])
    phone_page.goto(f"{live_server.url}{entry}")

    phone_page.locator("#add-finding-row").click()
    picker = phone_page.get_by_test_id("finding-row").last.locator(
        "select[name$='-officials'] + .ts-wrapper"
    )
    picker.locator(".ts-control input").fill("王")

    dropdown = picker.locator(".ts-dropdown")
    expect(dropdown.locator(".option")).to_have_text(["东湖镇 · 王建国（党委书记）"])
    picker.locator(".ts-control input").fill("李明")
    expect(dropdown).to_contain_text("无匹配结果")
    picker.locator(".ts-control input").fill("王建")
    expect(dropdown.locator(".option.active")).to_contain_text("王建国")
    picker.locator(".ts-control input").press("Enter")
    expect(picker.locator(".ts-control .item")).to_contain_text("王建国")
