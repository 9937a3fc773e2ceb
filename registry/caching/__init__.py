"""Caching: the registry version that names what caches hold, the figures kept
per version, and the page-cache middleware."""
