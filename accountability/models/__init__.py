from .actions import AccountabilityAction, Inquiry, Responsibility
from .assessments import (
    AssessmentItem,
    AssessmentScheme,
    Deduction,
    ScoreSheet,
    Step,
)
from .cases import Case, CaseSubject, Sanction
from .clues import Clue, ClueDisposal, ClueReminder
from .escalations import Escalation
from .numbering import RegisterNumber

__all__ = [
    "AccountabilityAction",
    "AssessmentItem",
    "AssessmentScheme",
    "Case",
    "CaseSubject",
    "Clue",
    "ClueDisposal",
    "ClueReminder",
    "Deduction",
    "Escalation",
    "Inquiry",
    "RegisterNumber",
    "Responsibility",
    "Sanction",
    "ScoreSheet",
    "Step",
]
