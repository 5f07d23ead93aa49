"""What a technology does for recovery, in the words every page uses: one place derives them from the catalog, so
a decision, the backups table and a pattern's text cannot say different things about the same store."""

from __future__ import annotations

from archgen.common.formatting import duration
from archgen.knowledge.catalog import Technology


def point_in_time(technology: Technology) -> str:
    """How a technology's backups recover a mistake, in the words every page uses: 'point-in-time recovery
    (5-minute granularity) and daily snapshots', or full snapshots when it keeps no point-in-time log."""
    if technology.pitr_s:
        return f"point-in-time recovery ({_duration(technology.pitr_s)} granularity) and daily snapshots"
    if technology.pitr_s == 0:
        return "daily snapshots (the engine has no point-in-time recovery)"
    return "continuous log archiving (point-in-time recovery) and daily snapshots"


def backup_copy(technology: Technology, standby: bool) -> str:
    """Where the backups go for a region's loss: the provider's paired region when it picks it, else the recovery
    region (or another storage location when the design has none)."""
    if technology.backup_region == "paired":
        lag = f", trailing by up to {duration(technology.backup_lag_s)}" if technology.backup_lag_s else ""
        return f"copies in the provider's paired region{lag}"
    return "copies in the recovery region" if standby else "copies in another storage location"


def _duration(seconds: float) -> str:
    """'100-second', '5-minute', '1-hour': whole units where they divide evenly, else the smaller unit."""
    if seconds < 60 or seconds % 60:
        return f"{seconds:g}-second"
    if seconds < 3600 or seconds % 3600:
        return f"{seconds / 60:g}-minute"
    return f"{seconds / 3600:g}-hour"
