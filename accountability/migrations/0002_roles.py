from django.db import migrations

from core.roles import ADMINISTRATOR, DISCIPLINE_STAFF, grant_in_migration

STAFF_PERMISSIONS = [
    f"accountability.{action}_{model}"
    for model in (
        "clue",
        "case",
        "sanction",
        "accountabilityaction",
        "inquiry",
        "assessmentscheme",
        "scoresheet",
        "deduction",
    )
    for action in ("add", "change", "view")
]
# Enforcement records are for the discipline committee alone. Administrators read the
# assessment results, which feed the annual work-target assessment they export; party
# secretaries and team members read none of it (a clue may be about them).
GRANTS = {
    DISCIPLINE_STAFF: [
        *STAFF_PERMISSIONS,
        "accountability.assign_clue",
        "accountability.approve_scoresheet",
    ],
    ADMINISTRATOR: [
        "accountability.view_assessmentscheme",
        "accountability.view_scoresheet",
    ],
}


def grant_roles(apps, schema_editor):
    grant_in_migration(apps, schema_editor, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("accountability", "0001_initial"),
        ("inspections", "0002_roles_and_default_notices"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
