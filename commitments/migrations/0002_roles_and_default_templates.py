from django.db import migrations

from commitments.default_letters import DEFAULT_TEMPLATES
from core.roles import ADMINISTRATOR, DISCIPLINE_STAFF, grant_in_migration

GRANTS = {
    ADMINISTRATOR: [
        "commitments.add_lettertemplate",
        "commitments.change_lettertemplate",
        "commitments.view_lettertemplate",
        "commitments.add_campaign",
        "commitments.change_campaign",
        "commitments.view_campaign",
        "commitments.view_letter",
        "commitments.withdraw_letter",
        "commitments.view_signoff",
    ],
    DISCIPLINE_STAFF: [
        "commitments.view_lettertemplate",
        "commitments.add_campaign",
        "commitments.change_campaign",
        "commitments.view_campaign",
        "commitments.view_letter",
        "commitments.view_signoff",
    ],
}


def grant_roles(apps, schema_editor):
    grant_in_migration(apps, schema_editor, GRANTS)


def install_templates(apps, schema_editor):
    letter_template = apps.get_model("commitments", "LetterTemplate")
    for fields in DEFAULT_TEMPLATES:
        letter_template.objects.get_or_create(name=fields["name"], defaults=fields)


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0001_initial"),
        ("core", "0004_backgroundjob_result_notification"),
    ]

    operations = [
        migrations.RunPython(grant_roles, migrations.RunPython.noop),
        migrations.RunPython(install_templates, migrations.RunPython.noop),
    ]
