import os
import uuid

import pytest
import redis
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.celery import app
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


CELERY_TEST_BROKER_URL = os.environ.get(
    "CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15"
)


def _reset_connections() -> None:
    """Drop the app's cached broker pool and result backend, so new config takes hold."""
    app.close()
    app.__dict__.pop("amqp", None)
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@pytest.fixture
def worker_app():
    """Point the project's app at Redis for one test, then give back its own config."""
    try:
        redis.Redis.from_url(
            CELERY_TEST_BROKER_URL, socket_timeout=1, socket_connect_timeout=1
        ).ping()
    except (redis.RedisError, OSError) as error:
        skip_unless_ci(f"No Redis answers at {CELERY_TEST_BROKER_URL}: {error}")
    overrides = {
        "broker_url": CELERY_TEST_BROKER_URL,
        "result_backend": CELERY_TEST_BROKER_URL,
        "task_always_eager": False,
        "worker_hijack_root_logger": False,
    }
    saved = {key: app.conf[key] for key in overrides}
    app.conf.update(overrides)
    _reset_connections()
    yield app
    app.conf.update(saved)
    _reset_connections()


@pytest.fixture
def queue():
    # A queue of its own, so that a worker of another test run on the same Redis
    # database never takes this run's task (nor this worker a stale one).
    return f"test-{uuid.uuid4().hex}"
