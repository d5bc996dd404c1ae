from django.urls import path

from .views import catalogue, lists, organisation, reports, search, work

app_name = "responsibilities"

urlpatterns = [
    # Organisation and people
    path("units/", organisation.unit_list, name="unit_list"),
    path("units/new/", organisation.unit_create, name="unit_create"),
    path("units/search/", search.unit_search, name="unit_search"),
    path("units/<int:pk>/", organisation.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", organisation.unit_update, name="unit_update"),
    path(
        "units/<int:pk>/active/", organisation.unit_set_active, name="unit_set_active"
    ),
    path("officials/", organisation.official_list, name="official_list"),
    path("officials/new/", organisation.official_create, name="official_create"),
    path("officials/search/", search.official_search, name="official_search"),
    path("officials/<int:pk>/", organisation.official_detail, name="official_detail"),
    path(
        "officials/<int:pk>/edit/", organisation.official_update, name="official_update"
    ),
    path(
        "officials/<int:pk>/active/",
        organisation.official_set_active,
        name="official_set_active",
    ),
    path("import/", organisation.import_upload, name="import_upload"),
    path("import/template.xlsx", organisation.import_template, name="import_template"),
    path("import/<str:token>/", organisation.import_preview, name="import_preview"),
    # Catalogues: duties (9/4/4/6), bottom lines, portfolio areas
    path("catalogue/", catalogue.catalogue, name="catalogue"),
    path("catalogue/copy/", catalogue.catalogue_copy, name="catalogue_copy"),
    path(
        "catalogue/duties/new/",
        catalogue.dutytemplate_create,
        name="dutytemplate_create",
    ),
    path(
        "catalogue/duties/<int:pk>/edit/",
        catalogue.dutytemplate_update,
        name="dutytemplate_update",
    ),
    path(
        "catalogue/bottom-lines/new/",
        catalogue.bottomline_create,
        name="bottomline_create",
    ),
    path(
        "catalogue/bottom-lines/<int:pk>/edit/",
        catalogue.bottomline_update,
        name="bottomline_update",
    ),
    path("areas/", catalogue.area_list, name="area_list"),
    path("areas/new/", catalogue.area_create, name="area_create"),
    path("areas/<int:pk>/edit/", catalogue.area_update, name="area_update"),
    # Yearly lists, their duties, "my responsibilities"
    path("lists/", lists.list_list, name="list_list"),
    path("lists/generate/", lists.list_generate, name="list_generate"),
    path("lists/<int:pk>/", lists.list_detail, name="list_detail"),
    path("lists/<int:pk>/publish/", lists.list_publish, name="list_publish"),
    path("lists/<int:pk>/notes/", lists.list_notes, name="list_notes"),
    path("duties/<int:pk>/", lists.duty_detail, name="duty_detail"),
    path("duties/<int:pk>/edit/", lists.duty_update, name="duty_update"),
    path("duties/<int:pk>/progress/", lists.duty_progress, name="duty_progress"),
    path("mine/", lists.my_responsibilities, name="my_responsibilities"),
    # Key tasks and attachments
    path("key-tasks/", work.keytask_list, name="keytask_list"),
    path("key-tasks/new/", work.keytask_create, name="keytask_create"),
    path("key-tasks/<int:pk>/", work.keytask_detail, name="keytask_detail"),
    path("key-tasks/<int:pk>/edit/", work.keytask_update, name="keytask_update"),
    path(
        "key-tasks/<int:pk>/progress/", work.keytask_progress, name="keytask_progress"
    ),
    path("attachments/<int:pk>/", work.attachment_download, name="attachment_download"),
    # Duty reports, review meetings, the "三转" register
    path("reports/", reports.report_list, name="report_list"),
    path("reports/new/", reports.report_create, name="report_create"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", reports.report_update, name="report_update"),
    path("meetings/", reports.meeting_list, name="meeting_list"),
    path("meetings/new/", reports.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", reports.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/reviews/new/", reports.review_create, name="review_create"),
    path("portfolios/", reports.portfolio_register, name="portfolio_register"),
    path(
        "officials/<int:pk>/portfolios/",
        reports.portfolio_edit,
        name="portfolio_edit",
    ),
]
