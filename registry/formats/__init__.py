"""Records as machines read them: the JSON of the API and the dumps (serializers
and their fields), a record as a CSV row, and schema.org JSON-LD."""
