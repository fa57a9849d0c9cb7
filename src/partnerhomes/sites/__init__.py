"""The partnership's site pipeline: one Site record read from registers and partners' lists.

Start with :func:`partnerhomes.sites.importer.import_sites` (files in, checked tables out) or
:func:`partnerhomes.sites.reader.read_sites` (one file). The columns are in
:mod:`partnerhomes.sites.record`; the issue types in :mod:`partnerhomes.sites.issues`.
"""
