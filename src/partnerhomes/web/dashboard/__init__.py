"""The dashboard: the pipeline a user may see, by council and by category."""
