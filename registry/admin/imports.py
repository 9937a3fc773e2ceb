"""Import runs: who imported which file, when, and what it changed."""

from django.contrib import admin

from registry.backoffice.runs import ImportRunAdmin
from registry.models import ImportRun

admin.site.register(ImportRun, ImportRunAdmin)
