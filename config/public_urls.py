"""Everything anyone may read without an account, under /public/ in one namespace."""

from django.urls import include, path

app_name = "public"

urlpatterns = [
    path("", include("responsibilities.public_urls")),
    path("", include("commitments.public_urls")),
]
