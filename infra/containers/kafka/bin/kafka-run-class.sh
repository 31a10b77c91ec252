#!/bin/bash
# kafka-run-class.sh CLASS [args...]: runs a class on the broker's classpath (/opt/kafka/libs), as the
# distribution's script does. JVM options: KAFKA_HEAP_OPTS (default -Xmx256M),
# KAFKA_JVM_PERFORMANCE_OPTS, KAFKA_OPTS, KAFKA_LOG4J_OPTS (default: the tools' log4j2 config).
base_dir=/opt/kafka
: "${KAFKA_HEAP_OPTS:=-Xmx256M}"
: "${KAFKA_JVM_PERFORMANCE_OPTS:=-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}"
: "${KAFKA_LOG4J_OPTS:=-Dlog4j2.configurationFile=$base_dir/config/tools-log4j2.properties}"
# shellcheck disable=SC2086
exec java $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS $KAFKA_LOG4J_OPTS $KAFKA_OPTS \
    -cp "$base_dir/libs/*" "$@"
