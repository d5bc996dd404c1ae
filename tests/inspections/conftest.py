import pytest

from responsibilities.models import Official
from tests.factories import OfficialFactory


@pytest.fixture
def secretary_official(secretary, township):
    """The township's party secretary, as the official record the secretary acts as."""
    return OfficialFactory(
        unit=township,
        user=secretary,
        name="王建国",
        post="党委书记",
        rank=Official.Rank.SECTION_CHIEF,
        subject=Official.Subject.MAIN_LEADER,
    )


@pytest.fixture
def evidence_media(settings, tmp_path):
    """Keep uploaded evidence in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def township_rectification(township, member, city_staff):
    """A rectification at 东湖镇 under way, 余敏 (member) answering for it, assigned by
    city_staff and due in ten days."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import RectificationFactory

    return RectificationFactory(
        finding__unit=township,
        finding__created_by=city_staff,
        responsible=member.official,
        created_by=city_staff,
        due_on=timezone.localdate() + timedelta(days=10),
    )


@pytest.fixture
def township_notice(township, discipline_committee, city_staff):
    """A draft supervision opinion letter from the city's discipline committee to 东湖镇,
    about one of its findings."""
    from tests.factories import FindingFactory, NoticeFactory

    notice = NoticeFactory(
        issuer=discipline_committee,
        recipient_unit=township,
        created_by=city_staff,
        title="关于东湖镇监督检查发现问题的意见",
        body="东湖镇：\n请认真整改。",
    )
    notice.findings.add(
        FindingFactory(
            unit=township, description="公务用车私用。", created_by=city_staff
        )
    )
    return notice


@pytest.fixture
def issued_township_notice(township_notice, city_staff, secretary_official):
    """The township's notice issued, its secretary (王建国) to acknowledge it."""
    from inspections.services.notices import issue_notice

    return issue_notice(notice=township_notice, actor=city_staff)


@pytest.fixture
def staff_official(city_staff, discipline_committee):
    """The official record `city_staff` acts as, to sit on inspecting teams."""
    return OfficialFactory(
        unit=discipline_committee,
        user=city_staff,
        name="陈静",
        post="监督检查室主任",
        rank=Official.Rank.SECTION_CHIEF,
    )


@pytest.fixture
def township_inspection(discipline_committee, township, city_staff, staff_official):
    """A routine inspection of 东湖镇 by the city discipline committee, in progress."""
    from inspections.models import Inspection
    from tests.factories import InspectionFactory

    return InspectionFactory(
        organiser=discipline_committee,
        created_by=city_staff,
        title="2026年东湖镇日常监督",
        status=Inspection.Status.IN_PROGRESS,
        units=[township],
        team=[staff_official],
    )
