"""Writers: one module for each thing the build writes, into the staging folder that output.py
swaps in whole. Pages, news, feeds and the sitemap (pages), open data and charts (open_data),
the report helper (helper), the search page (search_page) and its index (search_index), the
browser editor (cms), sharing metadata (sharing).
Imports from hub.site, hub.read and hub.core."""
