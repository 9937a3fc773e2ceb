"""The public site's views, one module per role.

- `pages`: the public pages (home, lists, organizations, awards, events, programs);
- `applications`: the registration of interest and the applicant's status page;
- `opendata`: the open-data downloads under /data/;
- `operations`: what machines ask for (/healthz, robots.txt).

The open-data admin page lives with the admin, in `registry.admin.opendata`.
"""
