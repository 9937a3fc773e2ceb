"""Running the registry: backups, health, replica routing, middleware, the
outage page and warm-up."""
