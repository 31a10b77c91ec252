#!/bin/bash
# kafka-configs.sh ...: kafka.admin.ConfigCommand, as in the distribution.
exec "$(dirname "$0")/kafka-run-class.sh" kafka.admin.ConfigCommand "$@"
