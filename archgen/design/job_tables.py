"""A job table lives in the system's relational database: the queue's technology names that database's engine, so an
edit of the store's technology is an edit of the queue kept in it."""

from __future__ import annotations

from archgen.design.model import Channel, Design

JOB_TABLE = " job table"


def database_named(channel: Channel) -> str | None:
    """The database engine a job-table channel names ("Amazon RDS for PostgreSQL" of "… job table (…)"), or None."""
    if JOB_TABLE not in channel.technology:
        return None
    return channel.technology.split(JOB_TABLE, 1)[0]


def follow_database(design: Design) -> None:
    """Make each job-table channel name the engine of the one relational store it lives in (an edit may have
    changed that store's technology); with several relational stores the channel is left as it is."""
    engines = {s.technology for s in design.stores if s.kind == "relational"}
    if len(engines) != 1:
        return
    engine = next(iter(engines))
    design.channels = [
        c.model_copy(update={"technology": engine + JOB_TABLE + c.technology.split(JOB_TABLE, 1)[1]})
        if database_named(c) not in (None, engine)
        else c
        for c in design.channels
    ]
