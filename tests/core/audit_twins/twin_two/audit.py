from core.audit_actions import AuditAction


class TwinTwoAuditAction(AuditAction):
    SIGNAL = "twin.signal", "Signal"
