"""Reading documents from knowledge/ and building the search store (owner of the store format)."""
