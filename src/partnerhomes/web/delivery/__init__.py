"""Delivery tracking per site and the board (issue 8)."""
