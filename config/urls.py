from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("core.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("responsibilities/", include("responsibilities.urls")),
    path("public/", include("config.public_urls")),
    path("commitments/", include("commitments.urls")),
    path("inspections/", include("inspections.urls")),
    path("accountability/", include("accountability.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "core.views.permission_denied"
