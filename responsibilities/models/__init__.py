from .catalogue import (
    STANDARD_BOTTOM_LINE_COUNT,
    STANDARD_DUTY_COUNTS,
    BottomLine,
    DutyTemplate,
    Subject,
)
from .lists import (
    Duty,
    DutyGroup,
    Portfolio,
    PortfolioArea,
    ResponsibilityList,
    duty_groups,
)
from .organisation import (
    Official,
    Profile,
    TreeNode,
    Unit,
    build_tree,
    home_unit,
    sees_all_units,
)
from .reports import DutyReport, Period, Review, ReviewMeeting, ReviewProblem
from .work import Attachment, KeyTask, ProgressEntry

__all__ = [
    "STANDARD_BOTTOM_LINE_COUNT",
    "STANDARD_DUTY_COUNTS",
    "Attachment",
    "BottomLine",
    "Duty",
    "DutyGroup",
    "DutyReport",
    "DutyTemplate",
    "KeyTask",
    "Official",
    "Period",
    "Portfolio",
    "PortfolioArea",
    "Profile",
    "ProgressEntry",
    "ResponsibilityList",
    "Review",
    "ReviewMeeting",
    "ReviewProblem",
    "Subject",
    "TreeNode",
    "Unit",
    "build_tree",
    "duty_groups",
    "home_unit",
    "sees_all_units",
]
