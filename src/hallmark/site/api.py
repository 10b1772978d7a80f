"""The JSON API, versioned by path. Each app contributes a router; the OpenAPI document is
published at /api/v1/openapi.json (no interactive docs page: it would load scripts from a CDN)."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Hallmark API",
    version="1",
    description="Public registry and verification endpoints of a Hallmark certification program.",
    urls_namespace="api-v1",
    docs_url=None,
)
api.add_router("/", "hallmark.certification.api.router")
