"""Enforcement from a phone call to accountability: staff register a clue about an official
of 东湖镇, take it, propose a case (拟立案), file it as a matter of finance, take it through
investigation (no sanction yet) to the hearing, record the sanction there and close the
case; open the double inquiry (一案双查), whose proposal names the party secretary, the
leader in charge of finance and the discipline secretary, offers the other leader and
leaves out the subject though he held duties that year; confirm it, find exactly those
inquiries, and hold the party secretary accountable, citing a bottom line."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accountability.models import Case, Clue, Inquiry
from commitments.services.signing import sign_letter
from responsibilities.models import BottomLine, Duty, Official, PortfolioArea, Subject
from tests.e2e.accounts import city_with_staff, log_in
from tests.factories import (
    BottomLineFactory,
    CampaignFactory,
    DutyFactory,
    DutyTemplateFactory,
    LetterFactory,
    OfficialFactory,
    ResponsibilityListFactory,
    UserFactory,
)

# As in the other journeys: the live server is another thread, so rows are committed, and
# serialized_rollback brings back what the data migrations made (roles, catalogues).
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUMMARY = "群众来电反映东湖镇财政所所长李明违规发放津补贴。"
REASONING = "经初步核实，反映问题属实，涉嫌违纪，拟立案审查调查。"
TITLE = "李明违规发放津补贴案"
CONCLUSION = "经审查调查和审理，李明违规发放津补贴问题属实，给予党内警告处分。"
REASONS = "东湖镇财政所发生违规发放津补贴案，党委书记王建国对所属干部教育管理不力。"


def today_text() -> str:
    return f"{timezone.localdate():%Y-%m-%d}"


@pytest.fixture
def city():
    """东湖镇 with 李明, whose leaders signed for or held duties this year (李明 too, a
    member of the committee), and 陈静 of the committee."""
    year = timezone.localdate().year
    committee, township = city_with_staff()
    subject = OfficialFactory(
        unit=township,
        name="李明",
        post="财政所所长",
        rank=Official.Rank.MIDDLE_MANAGER,
        subject=Official.Subject.NONE,
        is_party_member=True,
    )
    secretary = OfficialFactory(
        unit=township,
        user=UserFactory(username="wangjianguo", profile__unit=township),
        name="王建国",
        post="党委书记",
        rank=Official.Rank.SECTION_CHIEF,
        subject=Official.Subject.MAIN_LEADER,
    )
    inspector = OfficialFactory(
        unit=township,
        name="李纪",
        post="纪委书记",
        rank=Official.Rank.SECTION_DEPUTY,
        subject=Official.Subject.DISCIPLINE_HEAD,
    )
    mayor, deputy = (
        OfficialFactory(
            unit=township,
            name=name,
            post=post,
            rank=Official.Rank.SECTION_DEPUTY,
            subject=Official.Subject.TEAM_MEMBER,
        )
        for name, post in (("余敏", "镇长"), ("孙强", "副镇长"))
    )
    responsibility_list = ResponsibilityListFactory(unit=township, year=year)
    for holder, duty_subject in (
        (secretary, Subject.MAIN_LEADER),
        (inspector, Subject.DISCIPLINE),
        (deputy, Subject.TEAM_MEMBER),
        (subject, Subject.TEAM_MEMBER),
    ):
        DutyFactory(
            responsibility_list=responsibility_list,
            holder=holder,
            template=DutyTemplateFactory(subject=duty_subject),
        )
    finance = PortfolioArea.objects.get(name="财务")
    DutyFactory(
        responsibility_list=responsibility_list,
        holder=mayor,
        template=None,
        source=Duty.Source.PORTFOLIO,
        area=finance,
        subject=Subject.TEAM_MEMBER,
        number=5,
        text=finance.duty_text,
    )
    letter = LetterFactory(
        addressee=secretary,
        campaign=CampaignFactory(year=year, title=f"{year}年度主体责任认领"),
    )
    signed = sign_letter(
        letter=letter, signer=secretary.user, personal_text="严守纪律，管好班子。"
    )
    line = (
        BottomLine.objects.filter(year=year, subject=Subject.MAIN_LEADER)
        .order_by("number")
        .first()
    ) or BottomLineFactory(year=year, subject=Subject.MAIN_LEADER, number=11)
    return {"signature": signed.signature, "bottom_line": line}


def pick(form, name: str, text: str) -> None:
    """Choose `text` in a picker that searches the server: type it, click the match."""
    picker = form.locator(f"select[name={name}] + .ts-wrapper")
    picker.locator(".ts-control input").fill(text)
    picker.locator(".ts-dropdown .option").filter(has_text=text).first.click()


def register_clue(page, live_server) -> Clue:
    page.goto(f"{live_server.url}{reverse('accountability:clue_create')}")
    form = page.locator("main form")
    form.locator("select[name=source]").select_option(Clue.Source.PUBLIC_REPORT)
    form.locator("select[name=channel]").select_option(Clue.Channel.PHONE)
    form.locator("input[name=received_on]").fill(today_text())
    pick(form, "unit", "东湖镇")
    pick(form, "officials", "李明")
    form.locator("textarea[name=summary]").fill(SUMMARY)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/clues/\d+/$"))
    year = timezone.localdate().year
    expect(page.get_by_test_id("clue-number")).to_have_text(f"中纪线〔{year}〕1号")
    expect(page.get_by_test_id("clue-status")).to_have_attribute(
        "data-status", Clue.Status.UNASSIGNED
    )
    return Clue.objects.get()


def take_and_propose_a_case(page) -> None:
    page.get_by_test_id("take-next").click()
    expect(page.get_by_test_id("clue-status")).to_have_attribute(
        "data-status", Clue.Status.ASSIGNED
    )
    expect(page.get_by_test_id("clue-handler")).to_contain_text("陈静")
    page.get_by_test_id("dispose-clue").click()
    form = page.get_by_test_id("dispose-form")
    form.locator("select[name=route]").select_option("propose_case")
    form.locator("input[name=decided_on]").fill(today_text())
    form.locator("textarea[name=reasoning]").fill(REASONING)
    form.locator("input[name=reported_to_committee_on]").fill(today_text())
    form.locator("input[name=reported_to_higher_on]").fill(today_text())
    form.locator("input[name=confirm]").check()
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("clue-status")).to_have_attribute(
        "data-status", Clue.Status.PROPOSED
    )
    expect(page.get_by_test_id("disposal")).to_have_count(1)


def file_the_case(page) -> Case:
    page.get_by_test_id("file-case").click()
    expect(page.get_by_test_id("case-from-clue")).to_be_visible()
    form = page.locator("main form")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("select[name=category]").select_option(Case.Category.INTEGRITY)
    form.locator("select[name=area]").select_option(label="财务")
    form.locator("input[name=money_involved]").fill("32000.00")
    form.locator("input[name=money_recovered]").fill("32000.00")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    year = timezone.localdate().year
    expect(page.get_by_test_id("case-number")).to_have_text(f"中纪案〔{year}〕1号")
    expect(page.get_by_test_id("case-stage").first).to_have_attribute(
        "data-stage", Case.Stage.FILED
    )
    expect(page.get_by_test_id("case-clue")).to_be_visible()
    expect(page.get_by_test_id("case-area")).to_have_text("财务")
    return Case.objects.get()


def advance(page, stage: str) -> None:
    page.get_by_test_id("advance-case").click()
    modal = page.locator("#confirm-advance")
    if stage == Case.Stage.CLOSED:
        modal.locator("input[name=closed_on]").fill(today_text())
        modal.locator("textarea[name=conclusion]").fill(CONCLUSION)
    modal.get_by_test_id("confirm-advance").click()
    expect(page.get_by_test_id("case-stage").first).to_have_attribute(
        "data-stage", stage
    )


def record_sanction(page) -> None:
    page.get_by_test_id("add-sanction").click()
    form = page.get_by_test_id("sanction-form")
    form.locator("select[name=subject]").select_option(label="李明（财政所所长）")
    form.locator("select[name=party_sanction]").select_option("warning")
    form.locator("input[name=decided_on]").fill(today_text())
    page.get_by_test_id("record-sanction").click()
    page.get_by_test_id("confirm-sanction").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    expect(page.get_by_test_id("sanction")).to_have_count(1)


def confirm_the_double_inquiry(page) -> None:
    """Open the proposal, check who it names and why, and confirm it."""
    page.get_by_test_id("open-inquiry").click()
    named = page.get_by_test_id("named-leader")
    expect(named).to_have_count(3)
    expect(named.get_by_test_id("leader-name")).to_have_text(["王建国", "余敏", "李纪"])
    expect(named.nth(0)).to_have_attribute("data-basis", "main_leader")
    expect(named.nth(1)).to_have_attribute("data-basis", "in_charge")
    expect(named.nth(2)).to_have_attribute("data-basis", "discipline")
    expect(named.nth(1).get_by_test_id("leader-rule")).to_contain_text("财务")
    others = page.get_by_test_id("other-leader")
    expect(others.get_by_test_id("leader-name")).to_have_text(["孙强"])
    expect(page.get_by_test_id("leader-name").filter(has_text="李明")).to_have_count(0)
    page.get_by_test_id("confirm-inquiry").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))


def hold_the_secretary_accountable(page, signature, bottom_line) -> None:
    page.get_by_test_id("inquiry").filter(has_text="王建国").locator("a").click()
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "open")
    expect(page.get_by_test_id("signature")).to_have_attribute(
        "data-code", signature.code
    )
    expect(page.get_by_test_id("duty").first).to_be_visible()
    page.get_by_test_id("hold-accountable").click()
    expect(page.get_by_test_id("from-inquiry")).to_contain_text("王建国")
    form = page.get_by_test_id("action-form")
    form.locator("select[name=measure]").select_option("admonishment")
    form.locator("select[name=bottom_lines]").select_option(str(bottom_line.pk))
    form.locator("textarea[name=reasons]").fill(REASONS)
    form.locator("input[name=decided_on]").fill(today_text())
    page.get_by_test_id("decide-action").click()
    page.get_by_test_id("confirm-decide").click()
    expect(page).to_have_url(re.compile(r"/actions/\d+/$"))
    expect(page.get_by_test_id("target")).to_contain_text("王建国")
    expect(page.get_by_test_id("bottom-line")).to_have_attribute(
        "data-number", str(bottom_line.number)
    )


def test_staff_take_a_clue_to_a_case_a_sanction_and_a_double_inquiry(
    page, live_server, city
):
    log_in(page, live_server, "staff")
    clue = register_clue(page, live_server)
    take_and_propose_a_case(page)
    case = file_the_case(page)
    clue.refresh_from_db()
    assert clue.status == Clue.Status.FILED
    advance(page, Case.Stage.INVESTIGATION)
    expect(page.get_by_test_id("add-sanction")).to_have_count(0)
    expect(page.get_by_test_id("sanctions-after-hearing")).to_be_visible()
    advance(page, Case.Stage.TRIAL)
    record_sanction(page)
    advance(page, Case.Stage.CLOSED)
    expect(page.get_by_test_id("case-conclusion")).to_have_text(CONCLUSION)

    confirm_the_double_inquiry(page)
    inquiries = page.get_by_test_id("inquiry")
    expect(inquiries).to_have_count(3)
    assert {inquiry.official.name for inquiry in case.inquiries.all()} == {
        "王建国",
        "余敏",
        "李纪",
    }
    hold_the_secretary_accountable(page, city["signature"], city["bottom_line"])

    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    held = page.get_by_test_id("inquiry").filter(has_text="王建国")
    expect(held.locator("[data-status]")).to_have_attribute(
        "data-status", Inquiry.Status.HELD_ACCOUNTABLE
    )
    assert case.accountability_actions.get().bottom_lines.get() == city["bottom_line"]
