"""The core, the lowest layer: what every other layer uses. Problems as path:line (errors),
YAML that remembers lines (yamlfile), field rules and the one validator (fields), interface
words (interface), languages, the names of the build's addresses (addresses), reading the
site's files and walking its folders (sources), sharing work between cores (workers).
Imports nothing from the layers above it."""
