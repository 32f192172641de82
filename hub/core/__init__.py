"""The core: what every layer uses (problems, YAML with lines, field rules, interface words,
languages, the names of addresses, reading files, sharing work between cores). Imports nothing
from the layers above."""
