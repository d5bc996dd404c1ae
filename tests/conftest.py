import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import roles
from responsibilities.models import Official, Unit
from tests.factories import OfficialFactory, UnitFactory, UserFactory
from tests.seeding import FAST_PASSWORD_HASHERS
from tests.skips import skip_unless_ci


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS
    # The manifest needs collectstatic; tests serve static files straight from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    settings.LANGUAGE_CODE = "zh-hans"


@pytest.fixture
def city(db):
    return UnitFactory(kind=Unit.Kind.CITY_COMMITTEE, name="中州市委", code="CITY")


@pytest.fixture
def discipline_committee(city):
    return UnitFactory(
        kind=Unit.Kind.DISCIPLINE_COMMITTEE, name="中州市纪委", code="CDI", parent=city
    )


@pytest.fixture
def township(city):
    return UnitFactory(kind=Unit.Kind.TOWNSHIP, name="东湖镇", code="T01", parent=city)


@pytest.fixture
def other_township(city):
    return UnitFactory(kind=Unit.Kind.TOWNSHIP, name="西山乡", code="T02", parent=city)


@pytest.fixture
def administrator(city):
    return UserFactory(
        username="admin", profile__unit=city, roles=[roles.ADMINISTRATOR]
    )


@pytest.fixture
def city_staff(discipline_committee):
    return UserFactory(
        username="staff",
        profile__unit=discipline_committee,
        roles=[roles.DISCIPLINE_STAFF],
    )


@pytest.fixture
def township_staff(township):
    return UserFactory(
        username="township-staff",
        profile__unit=township,
        roles=[roles.DISCIPLINE_STAFF],
    )


@pytest.fixture
def secretary(township):
    return UserFactory(
        username="secretary", profile__unit=township, roles=[roles.SECRETARY]
    )


@pytest.fixture
def member(township):
    """A team member of the township, with the official record they sign as."""
    user = UserFactory(
        username="member", profile__unit=township, roles=[roles.TEAM_MEMBER]
    )
    OfficialFactory(
        unit=township,
        user=user,
        name="余敏",
        post="镇长",
        rank=Official.Rank.SECTION_CHIEF,
        subject=Official.Subject.TEAM_MEMBER,
    )
    return user


@pytest.fixture
def auditor(discipline_committee):
    return UserFactory(
        username="auditor", profile__unit=discipline_committee, roles=[roles.AUDITOR]
    )


@pytest.fixture
def count_queries(client):
    """Return a function that GETs a URL and returns how many queries the page ran."""

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        return len(queries.captured_queries)

    return count


@pytest.fixture
def pdf_printing():
    """Skip where WeasyPrint cannot load the system's Pango (in CI, fail instead)."""
    try:
        import weasyprint  # noqa: F401
    except OSError as error:
        skip_unless_ci(f"WeasyPrint cannot print here: {error}")
