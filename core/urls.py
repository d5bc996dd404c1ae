from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("audit/", views.audit_log, name="audit_log"),
    path("jobs/<int:pk>/", views.job_progress, name="job_progress"),
    path("jobs/<int:pk>/result/", views.job_result, name="job_result"),
    path("notifications/", views.notification_list, name="notification_list"),
    path(
        "notifications/<int:pk>/read/",
        views.notification_read,
        name="notification_read",
    ),
    path(
        "notifications/read/", views.notification_read_all, name="notification_read_all"
    ),
]
