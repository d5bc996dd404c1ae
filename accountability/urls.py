from django.urls import path

from .views import actions, assessments, cases, clues, inquiries

app_name = "accountability"

urlpatterns = [
    # Problem clues (问题线索)
    path("clues/", clues.clue_list, name="clue_list"),
    path("clues/register/", clues.clue_register, name="clue_register"),
    path("clues/new/", clues.clue_create, name="clue_create"),
    path("clues/take-next/", clues.clue_take_next, name="clue_take_next"),
    path("clues/<int:pk>/", clues.clue_detail, name="clue_detail"),
    path("clues/<int:pk>/edit/", clues.clue_update, name="clue_update"),
    path("clues/<int:pk>/assign/", clues.clue_assign, name="clue_assign"),
    path("clues/<int:pk>/dispose/", clues.clue_dispose, name="clue_dispose"),
    path("disposals/<int:pk>/report/", clues.disposal_report, name="disposal_report"),
    path("findings/<int:pk>/to-clue/", clues.finding_to_clue, name="finding_to_clue"),
    # Cases (案件) and sanctions (处分)
    path("cases/", cases.case_list, name="case_list"),
    path("cases/new/", cases.case_create, name="case_create"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", cases.case_update, name="case_update"),
    path("cases/<int:pk>/advance/", cases.case_advance, name="case_advance"),
    path("cases/<int:pk>/transfer/", cases.case_transfer, name="case_transfer"),
    path(
        "cases/<int:pk>/sanctions/new/", cases.sanction_create, name="sanction_create"
    ),
    # One case, two inquiries (一案双查)
    path(
        "cases/<int:pk>/double-inquiry/proposal/",
        inquiries.case_inquiry_proposal,
        name="case_inquiry_proposal",
    ),
    path(
        "cases/<int:pk>/double-inquiry/",
        inquiries.case_open_inquiry,
        name="case_open_inquiry",
    ),
    path(
        "findings/<int:pk>/double-inquiry/",
        inquiries.finding_open_inquiry,
        name="finding_open_inquiry",
    ),
    path("double-inquiries/", inquiries.inquiry_gaps, name="inquiry_gaps"),
    path("inquiries/<int:pk>/", inquiries.inquiry_detail, name="inquiry_detail"),
    path(
        "inquiries/<int:pk>/no-responsibility/",
        inquiries.inquiry_clear,
        name="inquiry_clear",
    ),
    # Accountability actions (问责)
    path("actions/", actions.action_list, name="action_list"),
    path("actions/new/", actions.action_create, name="action_create"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
    # Assessment (考核)
    path("assessments/", assessments.assessment_list, name="assessment_list"),
    path("assessments/new/", assessments.assessment_create, name="assessment_create"),
    path(
        "assessments/<int:pk>/", assessments.assessment_detail, name="assessment_detail"
    ),
    path(
        "assessments/<int:pk>/items/",
        assessments.assessment_items,
        name="assessment_items",
    ),
    path(
        "assessments/<int:pk>/propose/",
        assessments.assessment_propose,
        name="assessment_propose",
    ),
    path(
        "assessments/<int:pk>/export/",
        assessments.assessment_export,
        name="assessment_export",
    ),
    path(
        "score-sheets/<int:pk>/",
        assessments.scoresheet_detail,
        name="scoresheet_detail",
    ),
    path(
        "score-sheets/<int:pk>/deductions/new/",
        assessments.deduction_create,
        name="deduction_create",
    ),
    path(
        "deductions/<int:pk>/adjust/",
        assessments.deduction_adjust,
        name="deduction_adjust",
    ),
    path(
        "score-sheets/<int:pk>/approve/",
        assessments.scoresheet_approve,
        name="scoresheet_approve",
    ),
]
