"""Readers: each input file read and checked, every problem collected. Settings (settings),
pages (pages) and their Markdown (prose, placeholders, markdown_shortcuts), the figures list
(figures), patrol reports (reports), the report helper's routes and steps (helper), review
dates (reviews), templates (templates), netlify.toml's headers (headers).
Imports only from hub.core."""
