"""The ``magfood`` command's entry point, kept outside the package on purpose.

``import magfood`` loads pandas and pyarrow, about a second; a Ctrl-C in that second must
print one line like any other interrupt, not a traceback, and only code that runs before the
import can promise that (a package's ``__init__`` always runs first). Everything else is in
``magfood.cli.main``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

INTERRUPTED = "magfood: interrupted; nothing was changed"


def main(argv: Sequence[str] | None = None) -> int:
    """Import the command line, then run it; Ctrl-C during the import exits 130 in one line."""
    try:
        from magfood.cli.main import main as run
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        return 130
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
