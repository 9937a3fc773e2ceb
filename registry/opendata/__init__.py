"""Open data: the dumps of every published record, their Data Package and the
/data/ page."""
