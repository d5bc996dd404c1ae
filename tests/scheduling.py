"""How pytest-xdist shares the tests out between its processes (`make test` runs `-n auto`).

Each test goes on its own to whichever process is free, except the tests of a folder
that share a package-scoped fixture too slow to set up twice: those go to one process
together, so that it sets the fixture up once. xdist's `--dist loadgroup` would do this
with marks, but with pytest 9.2 it no longer groups anything
(pytest-dev/pytest-xdist#1386).
"""

from xdist.scheduler import LoadScopeScheduling

# The demo city of tests/demo takes half a minute to seed.
SHARED_SETUP = ("tests/demo/",)
# Tests of a minute or more, started early so that none is left running alone at the end
# while the other processes wait.
LONG = ("tests/core/test_hostile_input.py::test_no_page_answers_hostile",)


class SharedSetupScheduling(LoadScopeScheduling):
    """xdist's `--dist loadscope`, with a scope per test but for the shared folders."""

    def _split_scope(self, nodeid: str) -> str:
        return next((f for f in SHARED_SETUP if nodeid.startswith(f)), nodeid)

    def _assign_work_unit(self, node) -> None:
        if not getattr(self, "_queue_ordered", False):
            self._order_queue()
        super()._assign_work_unit(node)

    def _order_queue(self) -> None:
        """Put the shared folders first, then the long tests, then the others."""
        long = [scope for scope in self.workqueue if scope.startswith(LONG)]
        shared = [scope for scope in SHARED_SETUP if scope in self.workqueue]
        for scope in reversed(shared + long):
            self.workqueue.move_to_end(scope, last=False)
        self._queue_ordered = True
