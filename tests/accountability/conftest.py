import datetime

import pytest
from django.utils import timezone

from responsibilities.models import Official
from tests.factories import OfficialFactory


@pytest.fixture
def township_official(township):
    """李明, head of 东湖镇's finance office, a party member."""
    return OfficialFactory(
        unit=township,
        name="李明",
        post="财政所所长",
        rank=Official.Rank.MIDDLE_MANAGER,
    )


@pytest.fixture
def township_case(township, township_official, city_staff):
    """A case at 东湖镇 against 李明, filed by city_staff ten days ago."""
    from accountability.models import Case
    from accountability.services.cases import file_case

    case = Case(
        unit=township,
        title="李明违规发放津补贴案",
        summary="2025年以来，李明违规发放津补贴共计3.2万元。",
        category=Case.Category.INTEGRITY,
        filed_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    return file_case(case=case, officials=[township_official], actor=city_staff)
