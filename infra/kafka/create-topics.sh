#!/bin/bash
# Creates every topic listed in the topics file beside this script that does not exist yet (one
# replica: Octet runs one broker). Safe to run again. Runs in the apache/kafka image:
#   BOOTSTRAP_SERVERS=kafka:9092 /opt/octet/kafka/create-topics.sh
set -euo pipefail
bootstrap="${BOOTSTRAP_SERVERS:-kafka:9092}"
topics_file="$(dirname "$0")/topics"
kafka_topics=/opt/kafka/bin/kafka-topics.sh

for attempt in $(seq 1 60); do
  if "$kafka_topics" --bootstrap-server "$bootstrap" --list >/dev/null 2>&1; then
    break
  fi
  if (( attempt == 60 )); then
    echo "Kafka at $bootstrap did not answer; no topics created." >&2
    exit 1
  fi
  echo "Waiting for Kafka at $bootstrap ($attempt)..."
  sleep 2
done

while read -r topic partitions _; do
  [[ -z "${topic}" || "${topic}" == \#* ]] && continue
  "$kafka_topics" --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$topic" --partitions "$partitions" --replication-factor 1
done < "$topics_file"
"$kafka_topics" --bootstrap-server "$bootstrap" --describe | grep -E '^Topic:' || true
