"""The officers' tools in the admin: spreadsheets, ROR, history and data quality."""
