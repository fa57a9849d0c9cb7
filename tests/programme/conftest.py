"""Fixtures for the programme tests: the parameter tree, the random instances and the
independent checker (loaded as modules, as the appraisal tests load their reference)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for _name, _file in (("programme_checker", "checker.py"),
                     ("programme_instances", "instances.py")):
    if _name not in sys.modules:
        _spec = importlib.util.spec_from_file_location(_name, HERE / _file)
        assert _spec is not None and _spec.loader is not None  # test set-up, not validation
        _module = importlib.util.module_from_spec(_spec)
        sys.modules[_name] = _module
        _spec.loader.exec_module(_module)

