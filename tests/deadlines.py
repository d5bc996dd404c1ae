import contextlib
import signal
import time
from collections.abc import Iterator

# A block still running after this long has hung: stop it so the test fails, not the run.
HUNG_AFTER = 10


class Hung(Exception):
    pass


@contextlib.contextmanager
def answers_within(seconds: float) -> Iterator[None]:
    """Fail unless the block ends within `seconds` of wall-clock time."""

    def give_up(signum: int, frame: object) -> None:
        raise Hung(f"no answer within {HUNG_AFTER} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, HUNG_AFTER)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    elapsed = time.monotonic() - started
    assert elapsed < seconds, f"answered in {elapsed:.1f} s, over {seconds} s"
