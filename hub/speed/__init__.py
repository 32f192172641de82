"""The speed layer: everything that makes a build do only the work its edits call for (the
cache, the incremental paths). build.py enters it through hub.speed.incremental, which calls
the same readers and writers as a whole build. Imports from every layer but commands."""
