"""What the audit trail records of inspections, notices and rectification."""

from django.utils.translation import gettext_lazy as _

from core.audit_actions import AuditAction


class InspectionsAuditAction(AuditAction):
    INSPECTION_SAVE = "inspection.save", _("Inspection saved")
    PROJECT_SAVE = "project.save", _("Monitored project saved")
    FINDING_SAVE = "finding.save", _("Finding saved")
    FINDING_ESCALATE = "finding.escalate", _("Finding escalated")
    NOTICE_TEMPLATE_CHANGE = "notice_template.change", _("Notice template saved")
    NOTICE_SAVE = "notice.save", _("Notice drafted")
    NOTICE_ISSUE = "notice.issue", _("Notice issued")
    NOTICE_ACKNOWLEDGE = "notice.acknowledge", _("Notice receipt acknowledged")
    RECTIFICATION_ASSIGN = "rectification.assign", _("Rectification assigned")
    RECTIFICATION_STEP = "rectification.step", _("Rectification progress recorded")
    RECTIFICATION_SUBMIT = "rectification.submit", _("Completion report submitted")
    RECTIFICATION_RETURN = "rectification.return", _("Rectification returned")
    RECTIFICATION_ACCEPT = "rectification.accept", _("Rectification accepted")
    RECTIFICATION_EXTEND = (
        "rectification.extend",
        _("Rectification deadline extended"),
    )
