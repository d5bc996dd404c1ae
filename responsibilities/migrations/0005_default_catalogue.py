from django.db import migrations
from django.utils import timezone

from responsibilities import default_catalogue


def install_defaults(apps, schema_editor):
    """Ship the default catalogue for the year of installation, and the portfolio areas."""
    default_catalogue.install_catalogue(
        apps.get_model("responsibilities", "DutyTemplate"),
        apps.get_model("responsibilities", "BottomLine"),
        year=timezone.localdate().year,
    )
    default_catalogue.install_areas(apps.get_model("responsibilities", "PortfolioArea"))


class Migration(migrations.Migration):
    dependencies = [("responsibilities", "0004_roles_for_lists")]

    operations = [migrations.RunPython(install_defaults, migrations.RunPython.noop)]
