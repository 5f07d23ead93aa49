"""OpenAPI 3.1 documents of the design's services, serialised from the Design."""

from archgen.render.openapi.document import document, openapi_documents

__all__ = ["document", "openapi_documents"]
