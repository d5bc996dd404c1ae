"""The double inquiries (一案双查) of last year's other closed cases, concluded on paper.

The major cases' inquiries go through the single services (demo.actions); for the rest
of the year's closed cases the leaders the rule names were asked too, and none was found
responsible: their inquiries are opened and concluded through the services' bulk paths,
each conclusion dated ten days after its case closed, as its paper is.
"""

from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from accountability.models import Case, Inquiry
from accountability.services.inquiries import (
    Conclusion,
    clear_inquiries,
    open_double_inquiries,
)
from demo import enforcement_texts as texts


def conclude_the_rest(*, year: int, staff: User) -> int:
    """Open and clear the inquiries of the year's closed cases that have none; return
    how many were concluded."""
    cases = Case.objects.filter(
        year=year, stage=Case.Stage.CLOSED, inquiries=None
    ).order_by("sequence")
    inquiries = open_double_inquiries(cases=list(cases), actor=staff)
    conclusions = [_cleared(inquiry) for inquiry in inquiries]
    return len(clear_inquiries(conclusions=conclusions, actor=staff))


def _cleared(inquiry: Inquiry) -> Conclusion:
    case = inquiry.case
    # The inquiries opened above, about closed cases.
    assert case is not None
    assert case.closed_on is not None
    return Conclusion(
        inquiry=inquiry,
        reasons=texts.INQUIRY_CLEARED.format(
            name=inquiry.official.name, case=case.number
        ),
        concluded_on=min(case.closed_on + timedelta(days=10), timezone.localdate()),
    )
