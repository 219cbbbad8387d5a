"""Turning retrieved chunks into a short, cited, extractive Vietnamese answer."""
