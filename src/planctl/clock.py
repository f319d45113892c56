"""The build date and time, the one clock of the house.

Rules that depend on the date (a passed review, an overdue measure) and the dates written into documents use
the build date: `--today` where a command takes it, else SOURCE_DATE_EPOCH (the reproducible-builds
convention, https://reproducible-builds.org/specs/source-date-epoch/), else the system clock.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from planctl.errors import PlanctlError
from planctl.messages import Msg


def build_time() -> datetime:
    """SOURCE_DATE_EPOCH as an aware UTC datetime when set, else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return datetime.now(UTC)
    try:
        return datetime.fromtimestamp(int(epoch), UTC)
    except (ValueError, OverflowError, OSError):
        raise PlanctlError(Msg("cli.clock.epoch", {"value": repr(epoch[:40])})) from None


def build_date(today: date | None = None) -> date:
    """The day rules judge dates against: `today` when given (--today), else the build time's date."""
    return today if today is not None else build_time().date()
