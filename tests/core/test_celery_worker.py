"""A real Celery worker on Redis runs the project's tasks, end to end."""

import os
import time
import uuid

import pytest
import redis
from celery.contrib.testing.worker import start_worker

from config.celery import app
from responsibilities.tasks import delete_abandoned_import_sheets
from tests.skips import skip_unless_ci

pytestmark = pytest.mark.celery_worker

BROKER_URL = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")
TWO_DAYS = 2 * 24 * 60 * 60


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
            BROKER_URL, socket_timeout=1, socket_connect_timeout=1
        ).ping()
    except (redis.RedisError, OSError) as error:
        skip_unless_ci(f"No Redis answers at {BROKER_URL}: {error}")
    overrides = {
        "broker_url": BROKER_URL,
        "result_backend": BROKER_URL,
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


def test_worker_deletes_abandoned_import_sheets_and_keeps_fresh_ones(
    worker_app, queue, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    imports = tmp_path / "imports"
    imports.mkdir()
    abandoned = imports / "abandoned.xlsx"
    fresh = imports / "fresh.xlsx"
    abandoned.write_bytes(b"old sheet")
    fresh.write_bytes(b"new sheet")
    two_days_ago = time.time() - TWO_DAYS
    os.utime(abandoned, (two_days_ago, two_days_ago))

    with start_worker(worker_app, queues=[queue], perform_ping_check=False):
        result = delete_abandoned_import_sheets.apply_async(queue=queue)
        deleted = result.get(timeout=20)

    assert deleted == 1
    assert not abandoned.exists()
    assert fresh.exists()
