"""Template filters for every page (``{% load money %}``)."""
