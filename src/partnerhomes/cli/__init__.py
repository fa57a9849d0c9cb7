"""The ``partnerhomes`` command: parse, call, render. Nothing else lives here."""
