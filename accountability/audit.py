"""What the audit trail records of clues, cases, accountability and assessment."""

from django.utils.translation import gettext_lazy as _

from core.audit_actions import AuditAction


class AccountabilityAuditAction(AuditAction):
    CLUE_REGISTER = "clue.register", _("Clue registered")
    CLUE_UPDATE = "clue.update", _("Clue changed")
    CLUE_ASSIGN = "clue.assign", _("Clue assigned")
    CLUE_DISPOSE = "clue.dispose", _("Clue disposal decided")
    CLUE_REPORT = "clue.report", _("Clue disposal reported")
    CASE_FILE = "case.file", _("Case filed")
    CASE_UPDATE = "case.update", _("Case changed")
    CASE_STAGE = "case.stage", _("Case moved to its next stage")
    CASE_TRANSFER = "case.transfer", _("Case transferred to the judicial organs")
    CASE_READ = "case.read", _("Case file read")
    SANCTION_DECIDE = "sanction.decide", _("Sanction recorded")
    ACTION_DECIDE = "accountability.decide", _("Accountability action recorded")
    INQUIRY_OPEN = "inquiry.open", _("Double inquiry opened")
    INQUIRY_CONCLUDE = "inquiry.conclude", _("Double inquiry concluded")
    ASSESSMENT_SAVE = "assessment.save", _("Assessment scheme saved")
    ASSESSMENT_PROPOSE = "assessment.propose", _("Deductions proposed")
    DEDUCTION_SAVE = "deduction.save", _("Deduction entered or adjusted")
    SCORE_SHEET_APPROVE = "score_sheet.approve", _("Score sheet approved")
