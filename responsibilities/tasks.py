from celery import shared_task

from . import importing


@shared_task
def delete_abandoned_import_sheets() -> int:
    return importing.delete_abandoned_sheets()
