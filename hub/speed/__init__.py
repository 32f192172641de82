"""The speed layer: everything that makes a build do only the work its edits call for (the cache,
the incremental paths). `hub.speed.incremental` is what build.py uses; it calls the same readers
and writers as a whole build."""
