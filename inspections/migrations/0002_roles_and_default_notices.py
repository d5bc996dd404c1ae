from django.db import migrations

from core.roles import (
    ADMINISTRATOR,
    DISCIPLINE_STAFF,
    SECRETARY,
    TEAM_MEMBER,
    grant_in_migration,
)
from inspections.default_notices import DEFAULT_NOTICE_TEMPLATES

STAFF_PERMISSIONS = [
    f"inspections.{action}_{model}"
    for model in ("inspection", "monitoredproject", "finding", "notice", "rectification")
    for action in ("add", "change", "view")
]
GRANTS = {
    DISCIPLINE_STAFF: [*STAFF_PERMISSIONS, "inspections.view_noticetemplate"],
    ADMINISTRATOR: [
        "inspections.view_inspection",
        "inspections.view_monitoredproject",
        "inspections.view_finding",
        "inspections.view_notice",
        "inspections.view_rectification",
        "inspections.view_noticetemplate",
        "inspections.change_noticetemplate",
    ],
    # Leaders read what concerns their units, acknowledge notices and report on fixes.
    SECRETARY: [
        "inspections.view_finding",
        "inspections.view_notice",
        "inspections.view_rectification",
    ],
    TEAM_MEMBER: [
        "inspections.view_finding",
        "inspections.view_notice",
        "inspections.view_rectification",
    ],
}


def grant_roles(apps, schema_editor):
    grant_in_migration(apps, schema_editor, GRANTS)


def install_templates(apps, schema_editor):
    notice_template = apps.get_model("inspections", "NoticeTemplate")
    for fields in DEFAULT_NOTICE_TEMPLATES:
        notice_template.objects.get_or_create(kind=fields["kind"], defaults=fields)


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0001_initial"),
        ("core", "0004_backgroundjob_result_notification"),
    ]

    operations = [
        migrations.RunPython(grant_roles, migrations.RunPython.noop),
        migrations.RunPython(install_templates, migrations.RunPython.noop),
    ]
