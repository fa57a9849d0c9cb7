"""Programmes: the partnership's resources (a programme file), plan runs and their results."""
