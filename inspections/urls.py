from django.urls import path

from .views import findings, inspections, notices, rectifications

app_name = "inspections"

urlpatterns = [
    path("", inspections.inspection_list, name="inspection_list"),
    path("new/", inspections.inspection_create, name="inspection_create"),
    path("<int:pk>/", inspections.inspection_detail, name="inspection_detail"),
    path("<int:pk>/edit/", inspections.inspection_update, name="inspection_update"),
    path("<int:pk>/status/", inspections.inspection_status, name="inspection_status"),
    path("<int:pk>/findings/", findings.finding_entry, name="finding_entry"),
    path("<int:pk>/findings/row/", findings.finding_row, name="finding_row"),
    path(
        "findings/<int:pk>/saved-row/",
        findings.finding_row_saved,
        name="finding_row_saved",
    ),
    path("projects/", inspections.project_list, name="project_list"),
    path("projects/new/", inspections.project_create, name="project_create"),
    path("projects/<int:pk>/", inspections.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", inspections.project_update, name="project_update"),
    path("findings/", findings.finding_list, name="finding_list"),
    path("findings/new/", findings.finding_create, name="finding_create"),
    path("findings/<int:pk>/", findings.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/edit/", findings.finding_update, name="finding_update"),
    path(
        "findings/<int:pk>/rectification/new/",
        rectifications.rectification_create,
        name="rectification_create",
    ),
    path("notices/", notices.notice_list, name="notice_list"),
    path("notices/new/", notices.notice_create, name="notice_create"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/edit/", notices.notice_update, name="notice_update"),
    path("notices/<int:pk>/issue/", notices.notice_issue, name="notice_issue"),
    path(
        "notices/<int:pk>/acknowledge/",
        notices.notice_acknowledge,
        name="notice_acknowledge",
    ),
    path("notices/<int:pk>/pdf/", notices.notice_pdf, name="notice_pdf"),
    path(
        "notice-templates/", notices.notice_template_list, name="notice_template_list"
    ),
    path(
        "notice-templates/<int:pk>/edit/",
        notices.notice_template_update,
        name="notice_template_update",
    ),
    path(
        "rectifications/",
        rectifications.rectification_board,
        name="rectification_board",
    ),
    path(
        "rectifications/<int:pk>/",
        rectifications.rectification_detail,
        name="rectification_detail",
    ),
    path(
        "rectifications/<int:pk>/progress/",
        rectifications.rectification_progress,
        name="rectification_progress",
    ),
    path(
        "rectifications/<int:pk>/submit/",
        rectifications.rectification_submit,
        name="rectification_submit",
    ),
    path(
        "rectifications/<int:pk>/return/",
        rectifications.rectification_return,
        name="rectification_return",
    ),
    path(
        "rectifications/<int:pk>/accept/",
        rectifications.rectification_accept,
        name="rectification_accept",
    ),
    path(
        "rectifications/<int:pk>/extend/",
        rectifications.rectification_extend,
        name="rectification_extend",
    ),
    path(
        "evidence/<int:pk>/", rectifications.evidence_download, name="evidence_download"
    ),
]
