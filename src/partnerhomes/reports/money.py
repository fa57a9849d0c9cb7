"""Money as every report, page and terminal table writes it: ``−£464,632`` (the minus sign,
U+2212, before the pound sign, as the GOV.UK style guide writes a negative number), and
``£237.6m`` in big-number panels. One module, so the CLI, the HTML summary and the web pages
cannot drift apart."""

from __future__ import annotations

MINUS = "−"
"""U+2212, as the GOV.UK style guide writes a negative number."""


def money(value: float) -> str:
    """Pounds to the pound with thousands separators.

    >>> money(12804413.2), money(-464632.4), money(0.0), money(-0.4)
    ('£12,804,413', '−£464,632', '£0', '£0')
    """
    rounded = round(float(value))
    return f"{MINUS if rounded < 0 else ''}£{abs(rounded):,}"


def money_short(value: float) -> str:
    """A large amount in millions or billions to one decimal place (£237.6m, £1.2bn), smaller
    amounts as :func:`money`.

    >>> money_short(237_582_388.0), money_short(-43_614.0), money_short(1_249_999_999.0)
    ('£237.6m', '−£43,614', '£1.2bn')
    >>> money_short(999_960.0), money_short(-1_300_000.0)
    ('£1.0m', '−£1.3m')
    """
    amount = float(value)
    for scale, suffix in ((1e9, "bn"), (1e6, "m")):
        if round(abs(amount) / scale, 1) >= 1.0:  # as it would print: £999,960 is £1.0m
            return f"{MINUS if amount < 0 else ''}£{abs(amount) / scale:,.1f}{suffix}"
    return money(amount)
