import pytest

from commitments.services.signing import sign_letter
from responsibilities.models import Official
from tests.factories import LetterFactory, OfficialFactory


@pytest.fixture
def secretary_official(secretary, township):
    """The township's party secretary, as the official record the secretary signs as."""
    return OfficialFactory(
        unit=township,
        user=secretary,
        name="王建国",
        post="党委书记",
        rank=Official.Rank.SECTION_CHIEF,
        subject=Official.Subject.MAIN_LEADER,
    )


@pytest.fixture
def letter(secretary_official):
    """An integrity commitment awaiting the secretary's signature."""
    return LetterFactory(addressee=secretary_official)


@pytest.fixture
def signed_letter(letter, secretary):
    return sign_letter(
        letter=letter,
        signer=secretary,
        personal_text="不插手工程招投标，不收受礼品礼金。",
        is_public=True,
    )


@pytest.fixture
def draft_report(secretary, secretary_official, township):
    """The township's whole-year report for 2026, written by its secretary, not signed."""
    from tests.factories import DutyReportFactory

    return DutyReportFactory(
        unit=township,
        written_by=secretary,
        text="2026年度落实全面从严治党主体责任情况报告。",
        draft=True,
    )


@pytest.fixture
def report_sign_off(draft_report, secretary):
    """The secretary's sign-off of the township's report, which submitted it."""
    from commitments.services.signoffs import sign_off_report

    return sign_off_report(
        duty_report=draft_report,
        signer=secretary,
        opinion="报告内容属实，本人对此负责。",
    )
