"""The applicant's workflow: the form, the services that decide, privacy and
the rate limits."""
