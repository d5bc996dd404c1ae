"""A real Celery worker on Redis runs the project's tasks, end to end."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker

from responsibilities.tasks import delete_abandoned_import_sheets

pytestmark = pytest.mark.celery_worker

TWO_DAYS = 2 * 24 * 60 * 60


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
