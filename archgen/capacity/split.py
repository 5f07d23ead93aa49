"""Whether the team and the load justify deploying the domains as separate services, by the knowledge thresholds.

The architect chooses its style with it and the review engine judges any design by it, so both weigh the same forces.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from archgen.capacity.constants import constant
from archgen.common.formatting import number


@dataclass(frozen=True)
class SplitForces:
    """The forces that can justify one deployable and one database per domain."""

    engineers: int
    domains: int
    peak_rps_y3: float

    @property
    def teams(self) -> int:
        """Teams the engineers make, at most `team_size` each."""
        return max(1, math.ceil(self.engineers / constant("team_size").value))

    @property
    def many_teams(self) -> bool:
        """So many teams that one shared release holds them up, whatever the load."""
        return self.teams >= constant("split_many_teams").value

    @property
    def heavy_load(self) -> bool:
        """Load at which domains scaling apart pays for the network hops and databases."""
        return self.peak_rps_y3 >= constant("split_load_rps").value

    @property
    def justified(self) -> bool:
        """Enough domains, and either many teams or several teams under heavy load."""
        enough_domains = self.domains >= constant("split_min_domains").value
        several = self.teams >= constant("split_min_teams").value
        return enough_domains and (self.many_teams or (several and self.heavy_load))

    def missing(self) -> str:
        """Why no split is justified: the forces that fall short, with their figures."""
        out = []
        if self.domains < constant("split_min_domains").value:
            out.append(f"{self.domains} bounded context{'s are' if self.domains != 1 else ' is'} too few to split")
        if self.teams < constant("split_min_teams").value:
            out.append(
                f"{self._engineers()} form{'s' if self.engineers == 1 else ''} {_teams(self.teams)}, and services "
                f"pay off only when at least {_teams(int(constant('split_min_teams').value))} can each own some"
            )
        elif not self.many_teams and not self.heavy_load:
            out.append(
                f"{_teams(self.teams)} at {number(self.peak_rps_y3)} req/s after 3 years, below the "
                f"{number(constant('split_load_rps').value)} req/s at which domains are worth scaling apart"
            )
        return "; ".join(out) or "no force asks for domains deployed apart"

    def _engineers(self) -> str:
        return f"{self.engineers} engineer{'s' if self.engineers != 1 else ''}"

    def reasons(self) -> list[str]:
        """The forces, one a line, each with its figure and the threshold it is weighed against."""
        team_size = int(constant("team_size").value)
        return [
            f"team: {self._engineers()} in {_teams(self.teams)} (a team holds up to {team_size}); services per "
            f"domain pay off from {_teams(int(constant('split_many_teams').value))}, "
            f"or from {_teams(int(constant('split_min_teams').value))} under heavy load",
            f"load: {number(self.peak_rps_y3)} req/s at peak after 3 years; domains are worth scaling apart from "
            f"{number(constant('split_load_rps').value)} req/s",
            f"bounded contexts: {self.domains}; a split needs at least {int(constant('split_min_domains').value)}",
        ]


def _teams(n: int) -> str:
    return "one team" if n == 1 else f"{n} teams"
