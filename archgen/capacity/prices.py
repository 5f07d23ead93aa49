"""Price tables: the shipped ones per cloud, and a user's file that overrides any of their prices."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from archgen.common import yamlio
from archgen.common.errors import InputError
from archgen.common.validation import problems_from

PriceKey = str
PRICE_KEYS = (
    "instance_month",
    "db_node_small_month",
    "db_node_medium_month",
    "db_node_large_month",
    "db_storage_gb_month",
    "nosql_node_month",
    "search_node_month",
    "cache_node_month",
    "memory_node_month",
    "memory_tiered_node_month",
    "nosql_write_million",
    "nosql_read_million",
    "nosql_storage_gb_month",
    "object_storage_gb_month",
    "backup_storage_gb_month",
    "egress_gb",
    "cdn_egress_gb",
    "broker_node_month",
    "queue_million",
    "load_balancer_month",
    "log_ingest_gb",
    "paas_month",
    "ts_node_month",
    "spanner_node_month",
    "warehouse_month",
    "warehouse_storage_gb_month",
    "warehouse_tb_scanned",
    "stream_shard_month",
    "stream_processing_month",
    "api_gateway_million",
    "waf_month",
    "waf_million",
    "nat_gateway_month",
    "nat_gb",
    "control_plane_month",
    "identity_mau",
    "metric_series_month",
    "trace_million",
    "inter_zone_gb",
    "inter_region_gb",
    "iot_million",
    "push_million",
    "email_thousand",
    "sms_message",
    "maps_thousand",
    "payment_transaction",
    "payment_percent",
    "verification_check",
    "moderation_thousand",
    "partner_call_thousand",
    "db_node_micro_month",
    "cdn_egress_gb_volume",
    "egress_gb_volume",
    "object_storage_cold_gb_month",
    "identity_mau_volume",
    "spot_vcpu_hour",
    "object_storage_archive_gb_month",
    "cdn_egress_gb_committed",
)
TABLE_FOR_CLOUD = {"aws": "aws", "gcp": "gcp", "azure": "azure", "any": "generic", "on-prem": "generic"}


class Price(BaseModel):
    """One unit price."""

    model_config = ConfigDict(extra="forbid")

    usd: float = Field(ge=0, le=10_000_000)
    per: str = Field(min_length=1, max_length=200)


class PriceTable(BaseModel):
    """Unit prices used for the cost estimate."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=80)
    description: str = Field("", max_length=500)
    prices: dict[PriceKey, Price]

    def usd(self, key: str) -> float:
        """The unit price for `key`."""
        return self.prices[key].usd


def shipped_table(cloud: str) -> PriceTable:
    """The price table archgen ships for `cloud`."""
    name = TABLE_FOR_CLOUD[cloud]
    text = resources.files("archgen.capacity").joinpath(f"prices/{name}.yaml").read_text("utf-8")
    return PriceTable.model_validate(yamlio.parse(text, f"{name}.yaml").data)


def load_prices(cloud: str, override: Path | None) -> PriceTable:
    """The shipped table for `cloud`, with any prices from the user's file `override` replacing its own."""
    table = shipped_table(cloud)
    if override is None:
        return table
    source = yamlio.load(override, "price table")
    from archgen.design.files import is_questionnaire  # the project's one test of what a questionnaire is

    if (
        isinstance(source.data, dict)
        and "prices" not in source.data
        and ("format_version" in source.data or is_questionnaire(source.data))
    ):
        kind = "a design file" if "format_version" in source.data else "a questionnaire"
        raise InputError(
            f"{source.file}: this is {kind}, not a price table; give --prices a file with a `prices:` mapping "
            "(see `archgen new --help`)"
        )
    try:
        user = PriceTable.model_validate({"name": "custom", **source.data})
    except ValidationError as exc:
        raise InputError(*problems_from(exc, source, PriceTable)) from None
    unknown = sorted(set(user.prices) - set(PRICE_KEYS))
    if unknown:
        raise InputError(
            source.problem(("prices", unknown[0]), f"unknown price; known prices: {', '.join(PRICE_KEYS)}")
        )
    return PriceTable(
        name=user.name if "name" in source.data else f"{table.name} + {override.name}",
        description=user.description or table.description,
        prices={**table.prices, **user.prices},
    )
