"""The site pipeline in the browser: list, map, site pages and register imports."""
