"""Every policy and financial assumption as dated, sourced data.

The tree lives in the repository's top-level ``parameters/`` folder (see its README for the file
schema). :func:`load_tree` reads and validates it; :meth:`ParameterTree.at` looks a value up "as at"
a date for an array of places; :func:`apply_overlay` layers a scenario or an organisation's own
assumptions on top.
"""

from partnerhomes.parameters.load import ParameterError, default_root, load_tree
from partnerhomes.parameters.overlay import apply_overlay, load_overlay
from partnerhomes.parameters.tree import DatedValue, Parameter, ParameterTree, Reference, Scale

__all__ = [
    "DatedValue",
    "Parameter",
    "ParameterError",
    "ParameterTree",
    "Reference",
    "Scale",
    "apply_overlay",
    "default_root",
    "load_overlay",
    "load_tree",
]
