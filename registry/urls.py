"""Public pages. English at the root, Chinese under /zh-hans/."""

app_name = "registry"

urlpatterns = []
