"""Search: the matching rule on names (case, Simplified Chinese, pinyin) and the
database indexes that serve it."""
