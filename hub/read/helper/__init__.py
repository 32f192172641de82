"""The "Who should I report this to?" helper: routes read from data/report-routes.yaml.

The helper is a chain of static pages joined by links, so it works with JavaScript off:
/report/ asks whether anyone is in danger, /report/problem/ lists the problems, then each problem
asks who the landlord is (where that matters) and where the problem is (where the answer needs a
local organisation), and ends on a result page naming who to contact.
"""
