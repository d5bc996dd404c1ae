"""Everything anyone may read without an account, under /public/ in one namespace."""

from django.urls import include, path

from core.views import public_home

app_name = "public"

urlpatterns = [
    path("", public_home, name="home"),
    path("", include("responsibilities.public_urls")),
    path("", include("commitments.public_urls")),
]
