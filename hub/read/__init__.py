"""Readers: each input file (settings, pages and their Markdown, figures, reports, the report
helper, templates, netlify.toml) read and checked, every problem collected. Import only from
hub.core."""
