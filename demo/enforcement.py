"""The demo city's enforcement: last year as the essay tells it, and this year's work.

- Last year (demo.cases, demo.actions, demo.assessment): 146 cases filed from the clue
  register, 114 closed, 16 major, 5 transferred, 136 people sanctioned, 763,480.50 yuan
  recovered; 34 units criticised, 8 people held accountable for the main responsibility
  and 4 for the supervisory one, 71 under efficiency accountability; the assessment,
  approved, with four units below the veto line; every closed case's double inquiry
  concluded (demo.inquiries).
- This year (demo.current): clues in every state and cases in every stage.

Each part is written once: running seed_demo again adds nothing.
"""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils import timezone

from demo import actions, assessment, cases, current, inquiries
from responsibilities.models import Unit


@dataclass
class Seeded:
    clues: int = 0
    cases: int = 0
    sanctions: int = 0
    actions: int = 0
    inquiries: int = 0
    sheets: int = 0

    def summary(self) -> str:
        return (
            f"{self.clues} clues, {self.cases} cases, {self.sanctions} sanctions, "
            f"{self.actions} accountability actions, {self.inquiries} double "
            f"inquiries concluded, {self.sheets} score sheets approved"
        )


def seed(units: dict[str, Unit], logins: dict[str, User]) -> str:
    today = timezone.localdate()
    staff = logins["staff"]
    seeded = Seeded()
    seed_previous_year(units, year=today.year - 1, staff=staff, seeded=seeded)
    clue_count, case_count = current.seed(units, today=today, staff=staff)
    seeded.clues += clue_count
    seeded.cases += case_count
    return seeded.summary()


def seed_previous_year(
    units: dict[str, Unit], *, year: int, staff: User, seeded: Seeded
) -> None:
    taken = actions.reserve(units)
    archive = cases.seed_previous_year(units, year=year, staff=staff, taken=taken)
    if archive is not None:
        seeded.clues += archive.clues
        seeded.cases += len(archive.cases)
        seeded.sanctions += archive.sanctions
        seeded.actions += actions.seed_previous_year(
            units, year=year, staff=staff, inquiry_cases=archive.inquiry_cases
        )
        seeded.inquiries += inquiries.conclude_the_rest(year=year, staff=staff)
    seeded.sheets += assessment.seed(
        year=year, staff=staff, inquiry_townships=cases.INQUIRY_TOWNSHIPS
    )
