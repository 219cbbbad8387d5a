"""bot/retrieval package."""
