"""Settings: ``base`` (shared), ``dev`` (local use and the demo), ``test``, ``prod``."""
