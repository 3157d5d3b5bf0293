#!/usr/bin/env bash
# Container health check without curl, wget or a second JVM: one HTTP/1.1 GET over bash's /dev/tcp, healthy only on
# status 200. Works on any base image that has bash (Debian, Ubuntu/Temurin).
#
#   healthcheck.sh [PATH]      PATH defaults to /actuator/health/readiness; the port is $SERVER_PORT or 8080.
set -euo pipefail

path="${1:-/actuator/health/readiness}"
port="${SERVER_PORT:-8080}"

exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status_line <&3 || exit 1
exec 3<&-
[[ $status_line == HTTP/1.?" 200 "* ]]
