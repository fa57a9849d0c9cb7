"""Background jobs: long work runs outside the request, its progress kept in the database.

See docs/decisions/0011-jobs-in-the-database.md for why a table and a worker thread.
"""
