"""Duty reports become drafts that their secretary's sign-off submits; lists remember
when their breakdown was first signed off.

Reports already on file were submitted under the old rule: they stay submitted (and so
unchangeable), written by the account that submitted them. They have no sign-off: the
official recorded as signing them is not kept, as a sign-off is now a signature in the
commitments chain, which those reports never had.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def date_existing_reports(apps, schema_editor):
    for name in ("DutyReport", "HistoricalDutyReport"):
        apps.get_model("responsibilities", name).objects.update(
            created_at=F("submitted_at"), updated_at=F("submitted_at")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("responsibilities", "0006_attachment_labels"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("dutyreport", "submitted_by", "written_by"),
        migrations.RenameField("historicaldutyreport", "submitted_by", "written_by"),
        migrations.AlterField(
            model_name="dutyreport",
            name="written_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="written by",
            ),
        ),
        migrations.AlterField(
            model_name="historicaldutyreport",
            name="written_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="written by",
            ),
        ),
        migrations.RemoveField(model_name="dutyreport", name="signed_off_by"),
        migrations.RemoveField(model_name="historicaldutyreport", name="signed_off_by"),
        # Rows on file were submitted; new ones start as drafts.
        migrations.AddField(
            model_name="dutyreport",
            name="status",
            field=models.CharField(
                choices=[("draft", "Draft"), ("submitted", "Submitted")],
                default="submitted",
                max_length=16,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="dutyreport",
            name="status",
            field=models.CharField(
                choices=[("draft", "Draft"), ("submitted", "Submitted")],
                default="draft",
                max_length=16,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="historicaldutyreport",
            name="status",
            field=models.CharField(
                choices=[("draft", "Draft"), ("submitted", "Submitted")],
                default="submitted",
                max_length=16,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="historicaldutyreport",
            name="status",
            field=models.CharField(
                choices=[("draft", "Draft"), ("submitted", "Submitted")],
                default="draft",
                max_length=16,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="dutyreport",
            name="submitted_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="submitted at"
            ),
        ),
        migrations.AlterField(
            model_name="historicaldutyreport",
            name="submitted_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="submitted at"
            ),
        ),
        migrations.AddField(
            model_name="dutyreport",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="dutyreport",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AddField(
            model_name="historicaldutyreport",
            name="created_at",
            field=models.DateTimeField(
                blank=True, default=django.utils.timezone.now, editable=False
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicaldutyreport",
            name="updated_at",
            field=models.DateTimeField(
                blank=True, default=django.utils.timezone.now, editable=False
            ),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="dutyreport",
            constraint=models.CheckConstraint(
                condition=models.Q(("status", "draft"), ("submitted_at__isnull", True))
                | models.Q(("status", "submitted"), ("submitted_at__isnull", False)),
                name="responsibilities_dutyreport_submitted_at_status",
            ),
        ),
        migrations.AddField(
            model_name="responsibilitylist",
            name="signed_off_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="breakdown signed off at"
            ),
        ),
        migrations.AddField(
            model_name="historicalresponsibilitylist",
            name="signed_off_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="breakdown signed off at"
            ),
        ),
        # Last: no schema change follows these row updates in the transaction.
        migrations.RunPython(date_existing_reports, migrations.RunPython.noop),
    ]
