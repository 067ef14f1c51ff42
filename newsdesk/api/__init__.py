"""The read-only JSON API under /api/v1/ (django-ninja): articles, stories, sources and approved comments,
with cursor pagination and an OpenAPI schema at /api/v1/openapi.json (browsable docs at /api/v1/docs)."""
