"""Schemes (appraisal inputs owned by an organisation) and their appraisal runs."""
