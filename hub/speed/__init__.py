"""The speed layer: everything that makes a build do only the work its edits call for (the
cache, the incremental paths). build.py enters it through hub.speed.incremental, which says
what need not be done again; build.py then runs the readers and writers itself, the edited
pages' shortcut included, so there is one pipeline. Imports only from hub.core and
hub.write.output (a contract in pyproject.toml says so)."""
