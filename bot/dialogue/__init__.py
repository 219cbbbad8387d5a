"""The channel-agnostic conversation core: Incoming → Assistant.handle → list[Reply]."""
