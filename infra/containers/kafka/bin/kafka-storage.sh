#!/bin/bash
# kafka-storage.sh format|info|random-uuid ...: kafka.tools.StorageTool, as in the distribution.
exec "$(dirname "$0")/kafka-run-class.sh" kafka.tools.StorageTool "$@"
