import datetime

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from accountability.models import (
    AccountabilityAction,
    AssessmentItem,
    AssessmentScheme,
    Case,
    CaseSubject,
    Clue,
    Responsibility,
    Sanction,
    ScoreSheet,
    Step,
)
from commitments.models import Campaign, Letter, LetterKind, LetterTemplate
from inspections.models import (
    Finding,
    Inspection,
    MonitoredProject,
    Notice,
    NoticeKind,
    Rectification,
)
from responsibilities.models import (
    BottomLine,
    Duty,
    DutyReport,
    DutyTemplate,
    KeyTask,
    Official,
    Period,
    Portfolio,
    PortfolioArea,
    Profile,
    ResponsibilityList,
    ReviewMeeting,
    Subject,
    Unit,
)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    kind = Unit.Kind.TOWNSHIP
    name = factory.Sequence(lambda n: f"第{n}镇")
    code = factory.Sequence(lambda n: f"U{n:05d}")


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"干部{n}")
    post = "科室负责人"
    rank = Official.Rank.MIDDLE_MANAGER


class UserFactory(factory.django.DjangoModelFactory):
    """A login account: `UserFactory(profile__unit=unit, roles=[roles.AUDITOR])`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pass-word-1")
    profile = factory.RelatedFactory(
        "tests.factories.ProfileFactory", factory_related_name="user"
    )

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            self.groups.add(Group.objects.get(name=role))


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory, profile=None)
    unit = factory.SubFactory(UnitFactory)


class DutyTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DutyTemplate

    # Not the current year, whose default catalogue the migrations install.
    year = 2000
    subject = Subject.COMMITTEE
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"职责{n}")
    text = factory.LazyAttribute(lambda template: f"{template.title}的具体内容。")


class BottomLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BottomLine

    year = 2000
    subject = Subject.COMMITTEE
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"底线{n}")


class PortfolioAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PortfolioArea

    name = factory.Sequence(lambda n: f"分管领域{n}")
    duty_text = factory.LazyAttribute(lambda area: f"抓好{area.name}的党风廉政建设。")


class PortfolioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Portfolio

    official = factory.SubFactory(OfficialFactory)
    area = factory.SubFactory(PortfolioAreaFactory)


class ResponsibilityListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponsibilityList

    unit = factory.SubFactory(UnitFactory)
    year = 2026


class DutyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Duty

    responsibility_list = factory.SubFactory(ResponsibilityListFactory)
    template = factory.SubFactory(DutyTemplateFactory)
    source = Duty.Source.CATALOGUE
    subject = factory.SelfAttribute("template.subject")
    number = factory.SelfAttribute("template.number")
    text = factory.SelfAttribute("template.text")


class KeyTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyTask

    lead_unit = factory.SubFactory(UnitFactory)
    lead_leader = factory.SubFactory(
        OfficialFactory, unit=factory.SelfAttribute("..lead_unit")
    )
    year = 2026
    title = factory.Sequence(lambda n: f"重点工作{n}")
    due_on = datetime.date(2026, 12, 31)


class DutyReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DutyReport

    unit = factory.SubFactory(UnitFactory)
    written_by = factory.SubFactory(UserFactory)
    year = 2026
    period = Period.YEAR
    text = "本年度落实主体责任情况报告。"
    # Submitted, as most tests need a report that can be reviewed; the commitments
    # tests submit theirs the real way, by a secretary's sign-off.
    status = DutyReport.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status=DutyReport.Status.DRAFT, submitted_at=None)


class ReviewMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewMeeting

    organiser = factory.SubFactory(UnitFactory, kind=Unit.Kind.DISCIPLINE_COMMITTEE)
    held_on = datetime.date(2026, 12, 20)
    title = "年度述责述廉评议会"
    created_by = factory.SubFactory(UserFactory)


class LetterTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LetterTemplate

    kind = LetterKind.COMMITMENT
    name = factory.Sequence(lambda n: f"廉政承诺书{n}")
    title = "{year}年度个性化廉政承诺书"
    body = "本人{name}（{unit}{post}）郑重承诺：严守纪律，廉洁从政。"
    personal_prompt = "请写出本人的具体承诺。"


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    template = factory.SubFactory(LetterTemplateFactory)
    created_by = factory.SubFactory(UserFactory)
    year = 2026
    kind = factory.SelfAttribute("template.kind")
    title = factory.Sequence(lambda n: f"2026年度廉政承诺{n}")
    deadline = datetime.date(2026, 12, 31)


class LetterFactory(factory.django.DjangoModelFactory):
    """An issued, unsigned letter; sign it with commitments.services.signing.sign_letter."""

    class Meta:
        model = Letter

    campaign = factory.SubFactory(CampaignFactory)
    addressee = factory.SubFactory(OfficialFactory)
    unit = factory.SelfAttribute("addressee.unit")


class MonitoredProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoredProject

    owner = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"城东道路改造工程{n}期")
    year = 2026
    budget = 12_000_000
    stage = MonitoredProject.Stage.CONSTRUCTION


class InspectionFactory(factory.django.DjangoModelFactory):
    """An inspection: `InspectionFactory(units=[unit], team=[official])`."""

    class Meta:
        model = Inspection
        skip_postgeneration_save = True

    organiser = factory.SubFactory(UnitFactory, kind=Unit.Kind.DISCIPLINE_COMMITTEE)
    created_by = factory.SubFactory(UserFactory)
    kind = Inspection.Kind.ROUTINE
    title = factory.Sequence(lambda n: f"2026年第{n}次日常监督")
    started_on = datetime.date(2026, 5, 10)

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        self.units.add(*(extracted or []))

    @factory.post_generation
    def team(self, create, extracted, **kwargs):
        self.team.add(*(extracted or []))


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    unit = factory.SubFactory(UnitFactory)
    created_by = factory.SubFactory(UserFactory)
    source = Finding.Source.HIGHER_LEVEL
    category = Finding.Category.CONDUCT
    description = factory.Sequence(lambda n: f"工作日上班时间脱岗，问题{n}。")
    found_on = datetime.date(2026, 5, 12)


class NoticeFactory(factory.django.DjangoModelFactory):
    """A draft notice; issue it with the notices service."""

    class Meta:
        model = Notice

    issuer = factory.SubFactory(UnitFactory, kind=Unit.Kind.DISCIPLINE_COMMITTEE)
    recipient_unit = factory.SubFactory(UnitFactory)
    created_by = factory.SubFactory(UserFactory)
    kind = NoticeKind.OPINION
    title = "关于监督检查发现问题的意见"
    body = "请认真整改。"
    response_due_on = datetime.date(2026, 6, 30)


class RectificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rectification

    finding = factory.SubFactory(FindingFactory, status=Finding.Status.RECTIFYING)
    responsible = factory.SubFactory(
        OfficialFactory, unit=factory.SelfAttribute("..finding.unit")
    )
    created_by = factory.SubFactory(UserFactory)
    due_on = datetime.date(2026, 6, 30)
    plan = "制定制度，限期整改。"


class ClueFactory(factory.django.DjangoModelFactory):
    """An unassigned clue; register real ones with accountability.services.clues."""

    class Meta:
        model = Clue

    handling_unit = factory.SubFactory(UnitFactory, kind=Unit.Kind.DISCIPLINE_COMMITTEE)
    unit = factory.SubFactory(UnitFactory)
    registered_by = factory.SubFactory(UserFactory)
    year = 2026
    sequence = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(
        lambda clue: f"中纪线〔{clue.year}〕{clue.sequence}号"
    )
    source = Clue.Source.OTHER
    channel = Clue.Channel.LETTER
    received_on = datetime.date(2026, 5, 20)
    summary = factory.Sequence(
        lambda n: f"群众来信反映站所负责人违规收受礼金，线索{n}。"
    )


class CaseFactory(factory.django.DjangoModelFactory):
    """A filed case without subjects; add CaseSubjectFactory rows, or file real ones
    with accountability.services.cases."""

    class Meta:
        model = Case

    unit = factory.SubFactory(UnitFactory)
    filed_by = factory.SubFactory(UserFactory)
    year = 2026
    sequence = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(
        lambda case: f"中纪案〔{case.year}〕{case.sequence}号"
    )
    title = factory.Sequence(lambda n: f"违规发放津补贴案{n}")
    category = Case.Category.INTEGRITY
    violation_year = 2026
    filed_on = datetime.date(2026, 6, 1)
    stage_started_on = datetime.date(2026, 6, 1)
    stage_due_on = datetime.date(2026, 7, 1)


class CaseSubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseSubject

    case = factory.SubFactory(CaseFactory)
    official = factory.SubFactory(
        OfficialFactory, unit=factory.SelfAttribute("..case.unit")
    )
    unit = factory.SelfAttribute("official.unit")
    post = factory.SelfAttribute("official.post")
    rank = factory.SelfAttribute("official.rank")


class SanctionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sanction

    subject = factory.SubFactory(CaseSubjectFactory)
    decided_by = factory.SubFactory(UserFactory)
    party_sanction = Sanction.Party.WARNING
    decided_on = datetime.date(2026, 8, 1)


class AccountabilityActionFactory(factory.django.DjangoModelFactory):
    """An action against an official; pass official=None and a unit measure for a unit."""

    class Meta:
        model = AccountabilityAction

    official = factory.SubFactory(OfficialFactory)
    unit = factory.LazyAttribute(
        lambda action: action.official.unit if action.official else UnitFactory()
    )
    decided_by = factory.SubFactory(UserFactory)
    measure = AccountabilityAction.Measure.ADMONISHMENT
    responsibility = Responsibility.MAIN
    source = AccountabilityAction.Source.OTHER
    reasons = "履行主体责任不力，对下属单位违纪问题失察。"
    decided_on = datetime.date(2026, 9, 1)


class AssessmentSchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentScheme

    created_by = factory.SubFactory(UserFactory)
    year = 2026
    title = factory.LazyAttribute(
        lambda scheme: f"{scheme.year}年度党风廉政建设责任制考核"
    )


class AssessmentItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentItem

    scheme = factory.SubFactory(AssessmentSchemeFactory)
    step = Step.COMPREHENSIVE
    title = factory.Sequence(lambda n: f"考核项目{n}")
    max_points = 20


class ScoreSheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoreSheet

    scheme = factory.SubFactory(AssessmentSchemeFactory)
    unit = factory.SubFactory(UnitFactory)
