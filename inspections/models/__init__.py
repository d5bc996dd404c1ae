from .findings import Finding
from .inspections import Inspection, MonitoredProject
from .notices import Notice, NoticeKind, NoticeNumber, NoticeTemplate
from .rectifications import (
    Evidence,
    Rectification,
    RectificationReminder,
    RectificationStep,
)

__all__ = [
    "Evidence",
    "Finding",
    "Inspection",
    "MonitoredProject",
    "Notice",
    "NoticeKind",
    "NoticeNumber",
    "NoticeTemplate",
    "Rectification",
    "RectificationReminder",
    "RectificationStep",
]
