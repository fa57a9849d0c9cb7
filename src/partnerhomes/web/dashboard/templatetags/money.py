"""Money as every page shows it: ``{{ value|money }}`` (−£464,632), ``{{ value|money:"pence" }}``
(£1,234.50 when there are pence) and ``{{ value|money_short }}`` (£237.6m, for a big-number
panel, with the exact figure beside it). One helper, so a negative amount always reads with the
minus sign before the pound sign, never £-464,632."""

from __future__ import annotations

from decimal import Decimal

from django import template

from partnerhomes.reports import money as pure

register = template.Library()

MINUS = pure.MINUS


@register.filter(name="money")
def money(value: float | Decimal | str | None, places: str = "") -> str:
    """Pounds to the pound with thousands separators, a negative amount with a minus sign
    before the pound sign; ``places="pence"`` keeps pence when there are any. Blank for none.

    Examples
    --------
    >>> money(12804413.2), money(-464632.4), money(0.0), money(-0.4), money(None)
    ('£12,804,413', '−£464,632', '£0', '£0', '')
    >>> money(Decimal("1234.50"), "pence"), money(Decimal("-1234.00"), "pence")
    ('£1,234.50', '−£1,234')
    """
    if value is None or value == "":  # a missing template variable is ""
        return ""
    if places == "pence":
        pennies = round(Decimal(str(value)) * 100)
        if pennies % 100:
            return f"{MINUS if pennies < 0 else ''}£{abs(pennies) / 100:,.2f}"
    return pure.money(float(value))


@register.filter(name="money_short")
def money_short(value: float | Decimal | str | None) -> str:
    """A large amount in millions or billions to one decimal place (£237.6m, £1.2bn), smaller
    amounts as :func:`money`; for big-number panels, beside the exact figure.

    Examples
    --------
    >>> money_short(237_582_388.0), money_short(-43_614.0), money_short(1_249_999_999.0)
    ('£237.6m', '−£43,614', '£1.2bn')
    >>> money_short(999_960.0)
    '£1.0m'
    """
    if value is None or value == "":
        return ""
    return pure.money_short(float(value))
