from django.db import migrations

from core import roles

GRANTS = {
    roles.ADMINISTRATOR: [
        "responsibilities.view_unit",
        "responsibilities.add_unit",
        "responsibilities.change_unit",
        "responsibilities.view_official",
        "responsibilities.add_official",
        "responsibilities.change_official",
        "responsibilities.view_profile",
        "responsibilities.add_profile",
        "responsibilities.change_profile",
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
    ],
    roles.DISCIPLINE_STAFF: [
        "responsibilities.view_unit",
        "responsibilities.view_official",
    ],
    roles.SECRETARY: [
        "responsibilities.view_unit",
        "responsibilities.view_official",
    ],
    roles.TEAM_MEMBER: [
        "responsibilities.view_unit",
        "responsibilities.view_official",
    ],
    roles.AUDITOR: ["core.view_auditevent"],
}


def create_roles(apps, schema_editor):
    roles.grant_in_migration(apps, schema_editor, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("responsibilities", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
