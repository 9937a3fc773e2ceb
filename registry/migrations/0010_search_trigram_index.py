"""Indexes for search: FTS5 trigrams on SQLite, pg_trgm and short pieces on PostgreSQL.

See registry/models/organization_search.py. Indexes every organization there is.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


def install(apps, schema_editor):
    from registry.models.organization_search import install_search_index

    install_search_index(schema_editor)


def remove(apps, schema_editor):
    from registry.models.organization_search import remove_search_index

    remove_search_index(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0009_hist_organization_sectors_history"),
    ]

    operations = [
        TrigramExtension(),  # PostgreSQL only; a no-op elsewhere
        migrations.RunPython(install, remove),
    ]
