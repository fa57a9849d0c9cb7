"""Organisations, partnerships, memberships with roles, API tokens and the audit log.

``access.py`` is the one module that decides who may see or change what.
"""
