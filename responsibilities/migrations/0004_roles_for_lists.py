from django.db import migrations

from core import roles


def perms(*names: str) -> list[str]:
    return [f"responsibilities.{name}" for name in names]


GRANTS = {
    roles.ADMINISTRATOR: perms(
        "view_dutytemplate",
        "add_dutytemplate",
        "change_dutytemplate",
        "view_bottomline",
        "add_bottomline",
        "change_bottomline",
        "view_portfolioarea",
        "add_portfolioarea",
        "change_portfolioarea",
        "view_portfolio",
        "add_portfolio",
        "delete_portfolio",
        "view_responsibilitylist",
        "add_responsibilitylist",
        "change_responsibilitylist",
        "view_duty",
        "change_duty",
        "view_keytask",
        "add_keytask",
        "change_keytask",
        "view_progressentry",
        "view_dutyreport",
        "view_reviewmeeting",
    ),
    roles.DISCIPLINE_STAFF: perms(
        "view_dutytemplate",
        "view_bottomline",
        "view_portfolioarea",
        "view_portfolio",
        "view_responsibilitylist",
        "view_duty",
        "view_keytask",
        "add_keytask",
        "change_keytask",
        "view_progressentry",
        "add_progressentry",
        "view_dutyreport",
        "view_reviewmeeting",
        "add_reviewmeeting",
        "change_reviewmeeting",
        "add_review",
        "add_reviewproblem",
    ),
    roles.SECRETARY: perms(
        "view_dutytemplate",
        "view_bottomline",
        "view_portfolio",
        "view_responsibilitylist",
        "view_duty",
        "change_duty",
        "view_keytask",
        "view_progressentry",
        "add_progressentry",
        "view_dutyreport",
        "add_dutyreport",
        "view_reviewmeeting",
    ),
    roles.TEAM_MEMBER: perms(
        "view_dutytemplate",
        "view_bottomline",
        "view_responsibilitylist",
        "view_duty",
        "view_keytask",
        "view_progressentry",
        "add_progressentry",
        "view_dutyreport",
    ),
}


def grant(apps, schema_editor):
    roles.grant_in_migration(apps, schema_editor, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("responsibilities", "0003_lists_reports_tasks")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
