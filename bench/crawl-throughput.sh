#!/usr/bin/env bash
# Crawl throughput against the local fake Weibo with zero delays: a 2-day hashtag search end to end (HTTP,
# jsoup parsing, SQLite commits) in posts/s, then the search-page parser alone. Three rounds each.
#   bench/crawl-throughput.sh [POSTS_PER_DAY]        (default: 2000)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
(cd "$root" && ./mvnw -q -B -ntp -DskipTests -pl pipeline -am package >&2)
exec "$java" --enable-native-access=ALL-UNNAMED -cp "$root/pipeline/target/socialalign.jar" \
  socialalign.pipeline.crawl.fake.CrawlThroughput "${1:-2000}"
