"""What the audit trail records of the organisation and its responsibilities."""

from django.utils.translation import gettext_lazy as _

from core.audit_actions import AuditAction


class ResponsibilitiesAuditAction(AuditAction):
    IMPORT = "responsibilities.import", _("Units and officials imported")
    UNIT_CREATE = "unit.create", _("Unit created")
    UNIT_UPDATE = "unit.update", _("Unit changed")
    UNIT_DEACTIVATE = "unit.deactivate", _("Unit deactivated")
    UNIT_REACTIVATE = "unit.reactivate", _("Unit reactivated")
    OFFICIAL_CREATE = "official.create", _("Official added")
    OFFICIAL_UPDATE = "official.update", _("Official changed")
    OFFICIAL_DEACTIVATE = "official.deactivate", _("Official deactivated")
    OFFICIAL_REACTIVATE = "official.reactivate", _("Official reactivated")
    CATALOGUE_COPY = "catalogue.copy", _("Catalogue copied to a new year")
    CATALOGUE_CHANGE = "catalogue.change", _("Catalogue changed")
    LIST_GENERATE = "list.generate", _("Responsibility list generated")
    LIST_PUBLISH = "list.publish", _("Responsibility list published")
    DUTY_UPDATE = "duty.update", _("Duty measures changed")
    PROGRESS_RECORD = "progress.record", _("Progress recorded")
    KEY_TASK_SAVE = "key_task.save", _("Key task saved")
    MEETING_CREATE = "meeting.create", _("Review meeting created")
    REVIEW_RECORD = "review.record", _("Review recorded")
    PORTFOLIO_CHANGE = "portfolio.change", _("Portfolios changed")
