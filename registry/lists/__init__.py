"""Lists: paging, streamed downloads, CSV cells and the FilterSets shared by
the pages and the API."""
