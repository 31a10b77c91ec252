#!/bin/bash
# kafka-broker-api-versions.sh: NOT the distribution's tool (the kafka-tools jar is not in the local Maven
# repository) but KafkaTools broker-api-versions, which implements the options Octet uses; see KafkaTools.java.
# A small, fast-starting JVM: these run as health checks and one-shot jobs.
export KAFKA_HEAP_OPTS="${KAFKA_TOOLS_HEAP_OPTS:--Xmx128M}"
export KAFKA_JVM_PERFORMANCE_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Djava.awt.headless=true"
exec "$(dirname "$0")/kafka-run-class.sh" KafkaTools broker-api-versions "$@"
