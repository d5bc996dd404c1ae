"""What the audit trail records of letters, campaigns and sign-offs."""

from django.utils.translation import gettext_lazy as _

from core.audit_actions import AuditAction


class CommitmentsAuditAction(AuditAction):
    LETTER_TEMPLATE_CHANGE = "letter_template.change", _("Letter template saved")
    CAMPAIGN_SAVE = "campaign.save", _("Campaign saved")
    CAMPAIGN_ISSUE = "campaign.issue", _("Campaign letters issued")
    LETTER_SIGN = "letter.sign", _("Letter signed")
    LETTER_WITHDRAW = "letter.withdraw", _("Letter withdrawn")
    LETTER_REISSUE = "letter.reissue", _("Corrected letter issued")
    SIGN_OFF = "sign_off.sign", _("Record signed off")
    # A duty report is submitted by its secretary's sign-off, which is recorded here.
    REPORT_SUBMIT = "report.submit", _("Duty report submitted")
