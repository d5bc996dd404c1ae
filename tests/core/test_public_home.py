"""The public home at /public/: the front door of every page anyone may read."""

import pytest
from django.http import HttpResponse
from django.urls import URLResolver, include, path, reverse
from django.utils.translation import gettext_lazy as _

import config.public_urls
import config.urls
from core.public import public_entries, public_page

pytestmark = pytest.mark.django_db

HOME_URL = reverse("public:home")


@public_page(
    title=_("Published responsibility lists"), description="新公开页面的一句话说明"
)
def newly_public(request):
    return HttpResponse("新公开页面")


# A project with one more public page, to show that the home finds it by itself.
urlpatterns = [
    path(
        "public/",
        include(
            (
                [
                    *config.public_urls.urlpatterns,
                    path("reports/", newly_public, name="new_page"),
                ],
                "public",
            )
        ),
    ),
    *(
        pattern
        for pattern in config.urls.urlpatterns
        if not (isinstance(pattern, URLResolver) and pattern.namespace == "public")
    ),
]


def test_anonymous_visitor_finds_every_public_page_described_in_chinese(client):
    response = client.get(HOME_URL)

    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.text
    assert 'content="width=device-width, initial-scale=1"' in response.text
    for url, title, description in [
        ("/public/lists/", "已公开的责任清单", "年度党风廉政建设责任清单"),
        ("/public/verify/", "核验签字文件", "输入承诺书、认领书或签字背书上印的验证码"),
        ("/public/commitments/", "公开承诺", "签署并同意公开的廉政承诺"),
        ("/public/commitments/kiosk/", "公开承诺大屏展示", "全屏显示并自动翻页"),
    ]:
        assert f'href="{url}"' in response.text
        assert title in response.text
        assert description in response.text


def test_every_public_page_without_arguments_has_its_line_on_the_home():
    entries = public_entries()

    assert [entry.name for entry in entries if entry.page is None] == []
    assert {entry.url for entry in entries} >= {"/public/lists/", "/public/verify/"}


def test_a_page_added_to_the_public_namespace_appears_on_the_home(client, settings):
    settings.ROOT_URLCONF = __name__

    response = client.get("/public/")

    assert 'href="/public/reports/"' in response.text
    assert "新公开页面的一句话说明" in response.text


def test_home_reads_nothing_from_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(HOME_URL)

    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        reverse("public:list_index"),
        reverse("public:verify_lookup"),
        reverse("public:verify", args=["NOSUCHCODE22"]),
        reverse("public:commitment_board"),
    ],
)
def test_each_public_page_leads_back_to_the_home(client, url):
    response = client.get(url)

    assert 'data-testid="public-home-link"' in response.text
    assert f'href="{HOME_URL}"' in response.text
    assert "公开信息" in response.text


def test_anonymous_visitor_is_offered_the_public_home_from_the_login_page(client):
    response = client.get(reverse("login"))

    assert 'data-testid="nav-public-home"' in response.text
