from unittest import mock

import pytest
from django.db import OperationalError, connection

from tests.deadlines import answers_within

pytestmark = pytest.mark.django_db


def test_health_reports_database_and_unconfigured_broker(client, settings):
    settings.CELERY_BROKER_URL = ""

    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "not configured"}


def test_health_answers_503_when_the_database_is_unreachable(client):
    # The database server is the outside world here: make it refuse connections.
    refused = OperationalError("could not connect to server")
    with mock.patch.object(connection, "ensure_connection", side_effect=refused):
        response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.parametrize("broker", ["hung_broker", "closed_broker"])
def test_health_reports_an_unreachable_broker_within_three_seconds(
    client, use_broker, broker, request
):
    use_broker(request.getfixturevalue(broker))

    with answers_within(3):
        response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "unreachable"}


@pytest.mark.celery_worker
def test_health_reports_a_broker_that_answers(client, worker_app):
    response = client.get("/health/")

    assert response.json()["broker"] == "ok"
