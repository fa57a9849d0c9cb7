"""The closed list of units a parameter may declare in ``metadata.unit``.

A unit outside this list is a validation error, so that every number in the tree says what it
measures in one agreed spelling.
"""

UNITS: dict[str, str] = {
    "GBP": "pounds sterling",
    "GBP/m2": "pounds per square metre (of gross internal area unless the description says not)",
    "GBP/dwelling": "pounds per dwelling",
    "GBP/ha": "pounds per hectare",
    "GBP/week": "pounds per week",
    "GBP/year": "pounds per year",
    "GBP/dwelling/year": "pounds per dwelling per year",
    "/1": "a fraction or ratio (0.05 is 5%)",
    "dwellings": "a number of dwellings",
    "dwellings/ha": "dwellings per hectare",
    "dwellings/month": "dwellings per month",
    "m2": "square metres",
    "months": "a number of months",
    "years": "a number of years",
    "periods/year": "periods in a year",
    "kWh/m2/year": "kilowatt-hours per square metre per year",
    "kgCO2e/m2": "kilograms of CO2 equivalent per square metre",
    "kWp/m2": "kilowatts peak per square metre",
    "text": "a word or phrase from a closed list the description gives",
    "boolean": "true or false",
}
"""Unit spelling → what it means."""

STATUSES: tuple[str, ...] = ("legislated", "outturn", "forecast", "assumption")
"""How sure a value is: set in law, observed, projected, or our own assumption."""
