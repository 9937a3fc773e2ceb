"""Registration of interest, one file per layer: form, services, status page, admin."""
