"""Where in their areas the users are, read from the places the questionnaire's prose names ("clinics in Oregon and
Washington", "a Nordic chain"): their local times and the region nearest them."""

from __future__ import annotations

import re

from archgen.knowledge.places import Place, places
from archgen.knowledge.scheduling import Zone, scheduling
from archgen.requirements.model import Requirements


def _prose(req: Requirements) -> str:
    parts = [req.system.summary, *(r.description or "" for r in req.users.roles)]
    parts += [u.description or "" for u in req.use_cases]
    return " ".join(parts).lower()


def named_places(req: Requirements) -> list[Place]:
    """The places the prose names that lie in the users' stated areas (every area when they are worldwide)."""
    text = _prose(req)
    areas = {str(a) for a in req.users.regions}
    return [
        p
        for p in places().places
        if ("global" in areas or p.area in areas) and any(re.search(rf"\b{re.escape(w)}\b", text) for w in p.words)
    ]


def user_zones(req: Requirements) -> list[Zone]:
    """The local times of the users: those of the places named in each area, else the area's own, each once."""
    known = scheduling().zones
    stated = [str(r) for r in req.users.regions]
    areas = list(known) if "global" in stated else stated
    found = named_places(req)
    zones: list[Zone] = []
    for area in areas:
        inside = [z for p in found if p.area == area for z in p.zones]
        zones += inside or ([known[area]] if area in known else [])
    return list({z.zone: z for z in zones}.values())


def near_region(req: Requirements, cloud: str, area: str) -> str | None:
    """The region of a cloud nearest the users of an area, when the prose names where in it they are and the
    places agree on one."""
    found = {p.near[cloud] for p in named_places(req) if p.area == area and cloud in p.near}
    return found.pop() if len(found) == 1 else None


def all_zones() -> list[Zone]:
    """Every local time archgen knows: the areas' and the named places'."""
    zones = [*scheduling().zones.values(), *(z for p in places().places for z in p.zones)]
    return list({z.zone: z for z in zones}.values())
