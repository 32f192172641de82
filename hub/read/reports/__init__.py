"""Hotspot patrol reports from data/patrols/, with the figures worked out from the series.

A report holds only what its source gave: each figure with its qualifier (exact, "more than",
"about"), the claims people made as attributed statements, any running total the source
stated, and the source itself. A figure a report leaves out is not reported, never 0.

Monthly reports are data/patrols/YYYY-MM.yaml. A release that sums up a longer period (a
year, say) is data/patrols/summaries/NAME.yaml: it has its own page, but it is not a month,
so it never joins the monthly series, its charts, changes or running totals.
"""
