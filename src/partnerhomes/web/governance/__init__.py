"""Partnership governance: members, ambition and success measures, meetings, decisions,
actions and commitments (issue 8)."""
