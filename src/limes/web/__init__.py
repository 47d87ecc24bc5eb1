"""The HTTP face of a node: the JSON API (OpenAPI at /docs) and the dashboard."""
