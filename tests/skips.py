import os

import pytest


def skip_unless_ci(reason: str) -> None:
    """Skip a test whose outside service is missing here; in CI (CI=true) that is a failure."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must provide it)")
    pytest.skip(reason)
