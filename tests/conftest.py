import contextlib
import os
import socket
import threading
import uuid

import pytest
import redis
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.celery import app
from core import roles
from responsibilities.models import Official, Unit
from tests import databases
from tests.factories import OfficialFactory, UnitFactory, UserFactory
from tests.seeding import FAST_PASSWORD_HASHERS
from tests.skips import skip_unless_ci


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker):
    """This process's test database: a copy of a template migrated once (databases.py)."""
    workerinput = getattr(request.config, "workerinput", {})
    with django_db_blocker.unblock():
        remove_copy = databases.set_up(
            fresh=request.config.getvalue("create_db"),
            worker=workerinput.get("workerid", "main"),
            serialize=any(map(_rolls_back_serialized, request.session.items)),
        )
    yield
    with django_db_blocker.unblock():
        remove_copy()


def _rolls_back_serialized(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("serialized_rollback")) or (
        "django_db_serialized_rollback" in getattr(item, "fixturenames", ())
    )


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Under xdist's default distribution, keep the tests of tests/demo in one process,
    which seeds the demo city once for them (scheduling.py)."""
    if config.getvalue("dist") == "load":
        from tests.scheduling import SharedSetupScheduling

        return SharedSetupScheduling(config, log)
    return None


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
    # Not app.close(): it also deregisters the app, and the tasks of a module imported
    # after that (a service imports its tasks when it first runs) never join it.
    app._pool = None
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


@pytest.fixture
def hung_broker():
    """The address of a broker that accepts connections and never answers (a hung Redis)."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    accepted = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                accepted.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    stop.set()
    thread.join()
    for held in [*accepted, listener]:
        held.close()


@pytest.fixture
def failing_broker():
    """The address of a Redis that answers PING but refuses every write, as a read-only
    replica does after a failover: the connection succeeds and the publishing fails."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    stop = threading.Event()

    def answer(connection: socket.socket) -> None:
        replies = {b"PING": b"+PONG", b"SELECT": b"+OK", b"CLIENT": b"+OK"}
        refusal = b"-READONLY You can't write against a read only replica."
        with connection:
            while data := connection.recv(65536):
                # Each command is a RESP array: "*<count>", "$<length>", its name, ...
                lines = data.split(b"\r\n")
                for number, line in enumerate(lines[:-2]):
                    if line.startswith(b"*"):
                        name = lines[number + 2].upper()
                        connection.sendall(replies.get(name, refusal) + b"\r\n")

    def accept() -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                connection = listener.accept()[0]
                connection.settimeout(None)
                threading.Thread(target=answer, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    stop.set()
    thread.join()
    listener.close()


@pytest.fixture
def closed_broker():
    """The address of a broker port where nothing listens: connections are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


@pytest.fixture
def use_broker(settings):
    """Return a function that points the project's app at a broker, as a deployment does
    with CELERY_BROKER_URL; the app's config comes back after the test."""
    keys = ("broker_url", "task_always_eager", "task_default_queue")
    saved = {key: app.conf[key] for key in keys}

    def point(url: str, **overrides) -> None:
        settings.CELERY_BROKER_URL = url
        app.conf.update(broker_url=url, task_always_eager=False, **overrides)
        _reset_connections()

    yield point
    app.conf.update(saved)
    _reset_connections()
