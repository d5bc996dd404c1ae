from .campaigns import PLACEHOLDERS, Campaign, LetterKind, LetterTemplate
from .letters import Letter
from .reminders import Reminder
from .signatures import GENESIS_HASH, Signature
from .signoffs import SignOff

__all__ = [
    "GENESIS_HASH",
    "PLACEHOLDERS",
    "Campaign",
    "Letter",
    "LetterKind",
    "LetterTemplate",
    "Reminder",
    "SignOff",
    "Signature",
]
