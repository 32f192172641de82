"""Commands besides the build: `serve`, `new-report` and the lock that keeps to one build at a
time. May import from every layer."""
