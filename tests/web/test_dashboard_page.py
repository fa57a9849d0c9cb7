"""The dashboard's words: each category in words linked to its sites, a negative residual land
value with its minus sign, and an uplift scenario the solver did not prove marked ≥."""

from __future__ import annotations

from django.test import Client

from partnerhomes.web.dashboard.views import CATEGORY_LABELS, money
from partnerhomes.web.schemes.models import AppraisalRun

from .personas import Cast
from .programmes_cast import make_programmes
from .schemes_cast import make_schemes


def _dashboard(cast: Cast, org: str = "owner") -> str:
    client = Client()
    client.force_login(cast.users[(org, "viewer")])
    return client.get("/").content.decode()


def test_money_puts_the_minus_before_the_pound_sign_and_rounds_to_the_pound() -> None:
    for value in (-0.4, 0.0, 0.5, 999.5, -1_234_567.5, 12_804_413.2):
        text = money(value)
        assert text.startswith("−£" if round(value) < 0 else "£")
        assert int(text.lstrip("−£").replace(",", "")) == abs(round(value))


def test_categories_are_words_linked_to_the_filtered_site_list(cast: Cast) -> None:
    page = _dashboard(cast)
    table = page[page.index('id="by-category"'):]
    categories = {site.category for site in cast.sites.values()}
    assert categories and categories <= set(CATEGORY_LABELS)
    for category in categories:
        assert f'?category={category}">{CATEGORY_LABELS[category]}</a>' in table
        assert f">{category}<" not in table


def test_negative_residuals_and_unproven_scenarios(cast: Cast) -> None:
    made = make_schemes(cast)
    _, run = made["public"]
    AppraisalRun.objects.filter(pk=run.pk).update(residual_land_value=-464_632.4)
    _, plan = make_programmes(cast)["public"]
    page = _dashboard(cast, "outsider")  # sees only the public scheme and plan
    assert "−£464,632" in page and "£-" not in page
    uplift = plan.table("uplift")
    assert uplift, "the cast's plan has its uplift scenarios"
    proven = [{**row, "is_proven": True} for row in uplift]
    plan.tables = {**plan.tables, "uplift": proven}
    plan.save()
    page = _dashboard(cast, "outsider")
    table = page[page.index('id="plan-uplift"'):page.index("Overdue actions")]
    assert "≥" not in table and 'id="plan-uplift-unproven"' not in page
    plan.tables = {**plan.tables, "uplift": [{**proven[0], "is_proven": False}, *proven[1:]]}
    plan.save()
    page = _dashboard(cast, "outsider")
    table = page[page.index('id="plan-uplift"'):page.index("Overdue actions")]
    assert table.count("≥ ") == 1  # the unproven row (the note below it begins "≥:")
    assert 'id="plan-uplift-unproven"' in table
