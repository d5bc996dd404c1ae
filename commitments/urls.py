from django.urls import path

from .views import campaigns, documents, letter_templates, letters, signoffs, withdrawal

app_name = "commitments"

urlpatterns = [
    path("", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_update, name="campaign_update"),
    path("campaigns/<int:pk>/issue/", campaigns.campaign_issue, name="campaign_issue"),
    path(
        "campaigns/<int:pk>/export/<str:fmt>/",
        documents.campaign_export,
        name="campaign_export",
    ),
    path("templates/", letter_templates.template_list, name="template_list"),
    path("templates/new/", letter_templates.template_create, name="template_create"),
    path(
        "templates/<int:pk>/edit/",
        letter_templates.template_update,
        name="template_update",
    ),
    path("letters/", letters.letter_list, name="letter_list"),
    path("letters/<int:pk>/", letters.letter_detail, name="letter_detail"),
    path("letters/<int:pk>/draft/", letters.letter_draft, name="letter_draft"),
    path("letters/<int:pk>/sign/", letters.letter_sign, name="letter_sign"),
    path("letters/<int:pk>/pdf/", documents.letter_pdf, name="letter_pdf"),
    path(
        "letters/<int:pk>/withdraw/", withdrawal.letter_withdraw, name="letter_withdraw"
    ),
    path(
        "sign-offs/new/list/<int:pk>/",
        signoffs.signoff_list_create,
        name="signoff_list_create",
    ),
    path(
        "sign-offs/new/report/<int:pk>/",
        signoffs.signoff_report_create,
        name="signoff_report_create",
    ),
    path("sign-offs/<int:pk>/", signoffs.signoff_detail, name="signoff_detail"),
    path("sign-offs/<int:pk>/pdf/", documents.signoff_pdf, name="signoff_pdf"),
]
