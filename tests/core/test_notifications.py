import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from core.notifications import notify
from tests.factories import UserFactory

LIST_URL = reverse("notification_list")


def notification_for(user, title, *, is_read=False, minutes_ago=0, url=""):
    created_at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return Notification.objects.create(
        user=user,
        title=title,
        url=url,
        created_at=created_at,
        read_at=timezone.now() if is_read else None,
    )


@pytest.fixture
def user(db):
    return UserFactory()


def test_list_shows_unread_notifications_first_then_newest(client, user):
    notification_for(user, "已读的新消息", is_read=True, minutes_ago=1)
    notification_for(user, "未读的旧消息", minutes_ago=60)
    notification_for(user, "未读的新消息", minutes_ago=2)
    client.force_login(user)

    response = client.get(LIST_URL)

    titles = [notification.title for notification in response.context["page"]]
    assert titles == ["未读的新消息", "未读的旧消息", "已读的新消息"]


def test_list_shows_only_the_users_own_notifications(client, user):
    notification_for(UserFactory(), "别人的消息")
    client.force_login(user)

    response = client.get(LIST_URL)

    assert "别人的消息" not in response.content.decode()


def test_bell_shows_the_unread_count(client, user):
    notification_for(user, "一")
    notification_for(user, "二")
    notification_for(user, "三", is_read=True)
    client.force_login(user)

    response = client.get(reverse("home"))

    html = response.content.decode()
    assert 'data-testid="notification-bell"' in html
    assert 'data-testid="notification-count">2<' in html


def test_bell_shows_no_count_when_all_are_read(client, user):
    notification_for(user, "一", is_read=True)
    client.force_login(user)

    response = client.get(reverse("home"))

    assert 'data-testid="notification-count"' not in response.content.decode()


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, user):
    notification = notification_for(user, "请签署", url="/commitments/letters/1/")
    client.force_login(user)

    response = client.post(reverse("notification_read", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/commitments/letters/1/"
    notification.refresh_from_db()
    assert notification.is_read()


def test_a_notification_never_sends_its_reader_off_site(client, user):
    notification = notification_for(user, "x", url="https://evil.example/")
    client.force_login(user)

    response = client.post(reverse("notification_read", args=[notification.pk]))

    assert response["Location"] == LIST_URL


def test_someone_elses_notification_is_404(client, user):
    notification = notification_for(UserFactory(), "别人的消息")
    client.force_login(user)

    response = client.post(reverse("notification_read", args=[notification.pk]))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read()


def test_mark_all_read_clears_only_the_users_unread(client, user):
    notification_for(user, "一")
    notification_for(user, "二")
    others = notification_for(UserFactory(), "别人的消息")
    client.force_login(user)

    response = client.post(reverse("notification_read_all"))

    assert response.status_code == 302
    assert not Notification.objects.filter(user=user).unread().exists()
    others.refresh_from_db()
    assert not others.is_read()


@pytest.mark.parametrize("name", ["notification_read_all", "notification_read"])
def test_marking_read_is_post_only(client, user, name):
    notification = notification_for(user, "一")
    client.force_login(user)
    args = [notification.pk] if name == "notification_read" else []

    response = client.get(reverse(name, args=args))

    assert response.status_code == 405


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_list_runs_as_many_queries_for_many_notifications_as_for_few(
    client, user, count_queries
):
    client.force_login(user)
    notification_for(user, "一")
    few = count_queries(LIST_URL)
    for number in range(30):
        notification_for(user, f"消息{number}", is_read=number % 2 == 0)

    many = count_queries(LIST_URL)

    assert many == few


def test_notify_emails_a_user_with_an_address_after_commit(
    db, django_capture_on_commit_callbacks
):
    user = UserFactory(email="wang@example.gov.cn")

    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, title="请签署", body="截止日期临近。", url="/x/")

    assert Notification.objects.get(user=user).title == "请签署"
    assert mail.outbox[0].to == ["wang@example.gov.cn"]
    assert mail.outbox[0].body.endswith("http://127.0.0.1:8000/x/")


def test_notify_sends_nothing_by_email_to_a_user_without_an_address(
    django_capture_on_commit_callbacks, user
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, title="请签署")

    assert Notification.objects.filter(user=user).count() == 1
    assert mail.outbox == []
