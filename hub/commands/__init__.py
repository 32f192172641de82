"""Commands besides the build: `serve` (serve), `new-report` (new_report), and the lock that
keeps to one build at a time (lock). May import from every layer."""
