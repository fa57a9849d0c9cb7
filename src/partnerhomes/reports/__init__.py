"""Reports for people: HTML summaries and charts built from the models' outputs.

Start at :func:`partnerhomes.reports.plan_summary.summary_html`.
"""
