"""Which icon of the diagrams library stands for each part of a deployment, per cloud.

An icon is named by its class in the library (`aws.database.RDS`); the PNG file behind it is found only when a
picture is drawn. Parts are known by role: what they do (a relational store, a queue, a web workload), so any
technology an architect names still gets a fitting icon; `any` and unknown clouds get vendor-neutral ones.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import get_args

from archgen.design.model import Channel, StoreKind

# What a part does, which picks its icon: every box of the deployment view has one of these roles.
ROLES = (
    "users",
    "gateway",
    "cdn",
    "workload",
    "job",
    *get_args(StoreKind),
    "cache",
    *get_args(Channel.model_fields["kind"].annotation),
    "backup",
)

_AWS = {
    "users": "aws.general.Users",
    "gateway": "aws.network.ElbApplicationLoadBalancer",
    "cdn": "aws.network.CloudFront",
    "workload": "aws.compute.ElasticContainerServiceService",
    "job": "aws.compute.ElasticContainerServiceTask",
    "relational": "aws.database.RDS",
    "key-value": "aws.database.Dynamodb",
    "document": "aws.database.DocumentDB",
    "wide-column": "aws.database.KeyspacesManagedApacheCassandraService",
    "time-series": "aws.database.Timestream",
    "search": "aws.analytics.AmazonOpensearchService",
    "object": "aws.storage.S3",
    "geo": "aws.database.RDS",
    "cache": "aws.database.ElastiCache",
    "queue": "aws.integration.SQS",
    "log": "aws.analytics.ManagedStreamingForKafka",
    "pubsub": "aws.integration.SNS",
    "backup": "aws.storage.Backup",
}
_GCP = {
    "users": "onprem.client.Users",
    "gateway": "gcp.network.LoadBalancing",
    "cdn": "gcp.network.CDN",
    "workload": "gcp.compute.Run",
    "job": "gcp.compute.Run",
    "relational": "gcp.database.SQL",
    "key-value": "gcp.database.Datastore",
    "document": "gcp.database.Firestore",
    "wide-column": "gcp.database.Bigtable",
    "time-series": "gcp.database.Bigtable",
    "search": "elastic.elasticsearch.Elasticsearch",
    "object": "gcp.storage.GCS",
    "geo": "gcp.database.SQL",
    "cache": "gcp.database.Memorystore",
    "queue": "gcp.analytics.PubSub",
    "log": "gcp.analytics.PubSub",
    "pubsub": "gcp.analytics.PubSub",
    "backup": "gcp.storage.Storage",
}
_AZURE = {
    "users": "azure.identity.Users",
    "gateway": "azure.network.ApplicationGateway",
    "cdn": "azure.network.FrontDoors",
    "workload": "azure.compute.ContainerApps",
    "job": "azure.compute.ContainerApps",
    "relational": "azure.database.DatabaseForPostgresqlServers",
    "key-value": "azure.database.CosmosDb",
    "document": "azure.database.CosmosDb",
    "wide-column": "azure.database.CosmosDb",
    "time-series": "azure.database.DataExplorerClusters",
    "search": "azure.web.Search",
    "object": "azure.storage.BlobStorage",
    "geo": "azure.database.DatabaseForPostgresqlServers",
    "cache": "azure.database.CacheForRedis",
    "queue": "azure.integration.ServiceBus",
    "log": "azure.analytics.EventHubs",
    "pubsub": "azure.integration.EventGridTopics",
    "backup": "azure.storage.RecoveryServicesVaults",
}
_GENERIC = {
    "users": "onprem.client.Users",
    "gateway": "generic.network.Firewall",
    "cdn": "generic.network.Router",
    "workload": "generic.compute.Rack",
    "job": "generic.compute.Rack",
    "relational": "generic.database.SQL",
    "object": "generic.storage.Storage",
    "queue": "generic.network.Switch",
    "log": "generic.network.Switch",
    "pubsub": "generic.network.Switch",
    "backup": "generic.storage.Storage",
}
_CLOUDS = {"aws": _AWS, "gcp": _GCP, "azure": _AZURE}
# Workloads on a Kubernetes platform wear Kubernetes icons, whichever cloud runs the cluster.
_KUBERNETES = {"workload": "k8s.compute.Deploy", "job": "k8s.compute.Job"}
_KUBERNETES_WORDS = ("kubernetes", "k8s", "eks", "gke", "aks", "openshift")
# On premises a part is drawn as the software its technology names, else with a vendor-neutral icon.
_SOFTWARE = (
    ("postgres", "onprem.database.PostgreSQL"),
    ("mysql", "onprem.database.MySQL"),
    ("mariadb", "onprem.database.MariaDB"),
    ("scylla", "onprem.database.Scylla"),
    ("cassandra", "onprem.database.Cassandra"),
    ("mongo", "onprem.database.MongoDB"),
    ("valkey", "onprem.inmemory.Redis"),
    ("redis", "onprem.inmemory.Redis"),
    ("rabbitmq", "onprem.queue.RabbitMQ"),
    ("kafka", "onprem.queue.Kafka"),
    ("nats", "onprem.queue.Nats"),
    ("opensearch", "elastic.elasticsearch.Elasticsearch"),
    ("elasticsearch", "elastic.elasticsearch.Elasticsearch"),
    ("haproxy", "onprem.network.HAProxy"),
    ("envoy", "onprem.network.Envoy"),
    ("nginx", "onprem.network.Nginx"),
    ("traefik", "onprem.network.Traefik"),
)
# A channel kept in a database (a job table) is drawn as the database it lives in.
_RELATIONAL_WORDS = ("postgres", "mysql", "mariadb", "sql server", "aurora")
EXTERNAL = "onprem.network.Internet"


def kubernetes(platform: str) -> bool:
    """Whether the compute platform is a Kubernetes cluster."""
    return any(word in _KUBERNETES_WORDS for word in re.findall(r"[a-z0-9]+", platform.lower()))


def icon(cloud: str, role: str, technology: str = "", platform: str = "") -> str:
    """The icon class (e.g. `aws.database.RDS`) for a part with this role and technology on this cloud."""
    text = technology.lower()
    if role in ("queue", "log", "pubsub") and any(word in text for word in _RELATIONAL_WORDS):
        role = "relational"
    if role in _KUBERNETES and kubernetes(platform):
        return _KUBERNETES[role]
    if cloud == "on-prem":
        software = next((name for word, name in _SOFTWARE if word in text), "")
        if software:
            return software
    return _CLOUDS.get(cloud, _GENERIC).get(role) or _GENERIC.get(role, "generic.storage.Storage")


def icon_file(name: str) -> Path:
    """The PNG file of an icon class, inside the installed diagrams package."""
    module, _, cls_name = name.rpartition(".")
    cls = getattr(importlib.import_module(f"diagrams.{module}"), cls_name)
    package = Path(importlib.import_module("diagrams").__file__ or "").resolve().parent
    return package.parent / str(cls._icon_dir) / str(cls._icon)
