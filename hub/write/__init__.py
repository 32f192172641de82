"""Writers: one module for each thing the build writes, into the staging folder (hub.write.output).
Import from hub.site, hub.read and hub.core."""
