"""Delivery vehicles: council direct, housing association direct, council housing company and
joint-venture SPV, each funding the same scheme (or pool of sites) from its own sources and
paying its partners out through a monthly waterfall.

Start at :func:`partnerhomes.vehicles.options.compare`; routes are read by
:mod:`partnerhomes.vehicles.routes`; the method is in ``docs/methodology/vehicles.md``.
"""
