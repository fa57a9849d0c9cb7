"""Assumptions in the browser: the parameter tree with values, dates and sources, and each
organisation's own overlay."""
