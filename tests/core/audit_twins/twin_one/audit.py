from core.audit_actions import AuditAction


class TwinOneAuditAction(AuditAction):
    SIGNAL = "twin.signal", "Signal"
