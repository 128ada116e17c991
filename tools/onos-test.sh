#!/usr/bin/env bash
# onos-taas on a real Open vSwitch, without an ONOS controller.
#
#   tools/onos-test.sh demo            build, then show a BOTH mirror on one switch and three hosts
#   tools/onos-test.sh test            Maven build with unit tests, then the scenario suite
#   tools/onos-test.sh run FILE|DIR... run scenario files (format: docs/sandbox.md)
#   tools/onos-test.sh bench           iperf3 throughput and mirrored share: none / app / OVS mirror
#   tools/onos-test.sh bench-engine    rule engine benchmark (TapEngineBenchmark, no switch)
#   tools/onos-test.sh sandbox [FILE]  REST API on 127.0.0.1:8181/onos/taas (onos/rocks) over the
#                                      topology of FILE (default scenarios/rest-demo.scn) until ^C
#
# Every command starts a private OVS instance (userspace datapath) under a temporary
# directory and hosts in network namespaces named after this run; all of it is removed on
# exit, by pid and by this run's names only. Needs root (namespaces, OVS).
# Environment: MVN_ARGS (extra Maven arguments, e.g. -o), KEEP_LOGS=1 (keep the OVS and
# sandbox logs), OVS_USERSPACE_TSO=1 (enable userspace TSO for bench).

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SANDBOX_JAR_GLOB="$ROOT/sandbox/target/onos-taas-sandbox-*.jar"
APT_PACKAGES=(openvswitch-switch openvswitch-common tcpdump iperf3 iproute2 ethtool iputils-ping python3-scapy)
RUN_ID="$(printf '%04x' $((RANDOM % 65536)))"
export SANDBOX_RUN_ID="$RUN_ID"
OVS_TMP=""
JAVA_PID=""

log() { printf '>>> %s\n' "$*" >&2; }
die() { printf 'onos-test.sh: %s\n' "$*" >&2; exit 2; }

usage() {
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
}

need_root() {
    [ "$(id -u)" -eq 0 ] || die "needs root (network namespaces and Open vSwitch); run with sudo"
}

# Installs the system packages the sandbox needs when any is missing.
ensure_packages() {
    local missing=0
    for cmd in ovs-vswitchd ovs-vsctl ovs-ofctl ovsdb-tool ovsdb-server tcpdump iperf3 ip ethtool ping; do
        command -v "$cmd" >/dev/null 2>&1 || { log "missing: $cmd"; missing=1; }
    done
    /usr/bin/python3 -c 'import scapy.all' >/dev/null 2>&1 || { log "missing: python3-scapy"; missing=1; }
    if [ "$missing" -eq 1 ]; then
        log "installing ${APT_PACKAGES[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update
        apt-get install -y "${APT_PACKAGES[@]}"
    fi
    command -v java >/dev/null 2>&1 || die "java (JDK 11+) is required"
    command -v mvn >/dev/null 2>&1 || die "maven is required"
}

# Builds the application and the sandbox (not the other modules), without tests.
build_sandbox() {
    log "building app and sandbox"
    (cd "$ROOT" && mvn -B -q ${MVN_ARGS:-} -DskipTests -pl sandbox -am install)
}

sandbox_jar() {
    # shellcheck disable=SC2086
    ls $SANDBOX_JAR_GLOB 2>/dev/null | grep -v -- '-tests.jar' | head -1
}

stop_pid_file() {
    local f="$1" pid
    [ -f "$f" ] || return 0
    pid="$(cat "$f" 2>/dev/null || true)"
    [ -n "$pid" ] || return 0
    kill "$pid" 2>/dev/null || return 0
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
}

# Stops the sandbox JVM started in the background (its shutdown hook removes what it built).
stop_java() {
    [ -n "$JAVA_PID" ] || return 0
    if kill -0 "$JAVA_PID" 2>/dev/null; then
        kill -TERM "$JAVA_PID" 2>/dev/null
        for _ in $(seq 150); do kill -0 "$JAVA_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$JAVA_PID" 2>/dev/null
    fi
    wait "$JAVA_PID" 2>/dev/null
    JAVA_PID=""
}

cleanup() {
    local rc=$?
    set +e
    stop_java
    if [ -n "$OVS_TMP" ]; then
        stop_pid_file "$OVS_TMP/ovs-vswitchd.pid"
        stop_pid_file "$OVS_TMP/ovsdb-server.pid"
    fi
    # only this run's namespaces and interfaces
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^taas-$RUN_ID-"); do
        ip netns del "$ns"
    done
    for ifc in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep "^t$RUN_ID"); do
        ip link del "$ifc" 2>/dev/null
    done
    if [ -n "$OVS_TMP" ]; then
        if [ "${KEEP_LOGS:-0}" = 1 ] || { [ "$rc" -ne 0 ] && [ "${STOP_REQUESTED:-0}" != 1 ]; }; then
            log "logs kept in $OVS_TMP"
        else
            rm -rf "$OVS_TMP"
        fi
    fi
    exit "$rc"
}

# Starts a private OVS (ovsdb-server + ovs-vswitchd) under a temporary directory.
start_ovs() {
    OVS_TMP="$(mktemp -d /tmp/taas-ovs.XXXXXX)"
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    export OVS_RUNDIR="$OVS_TMP" OVS_LOGDIR="$OVS_TMP" OVS_DBDIR="$OVS_TMP" OVS_SYSCONFDIR="$OVS_TMP"
    local schema=/usr/share/openvswitch/vswitch.ovsschema
    [ -f "$schema" ] || die "no OVS schema at $schema"
    ovsdb-tool create "$OVS_TMP/conf.db" "$schema"
    ovsdb-server "$OVS_TMP/conf.db" --remote="punix:$OVS_TMP/db.sock" --pidfile --detach \
        --log-file="$OVS_TMP/ovsdb-server.log" 2>/dev/null
    ovs-vsctl --no-wait init
    if [ "${OVS_USERSPACE_TSO:-0}" = 1 ]; then
        ovs-vsctl --no-wait set Open_vSwitch . other_config:userspace-tso-enable=true
    fi
    ovs-vswitchd --pidfile --detach --log-file="$OVS_TMP/ovs-vswitchd.log" 2>/dev/null
    log "private $(ovs-vswitchd --version | head -1) in $OVS_TMP (run $RUN_ID)"
}

# Runs the scenario runner in the foreground.
run_scenarios() {
    java_command org.onosproject.taas.sandbox.Main "$@"
    "${JAVA_CMD[@]}"
}

# Sets JAVA_CMD to the command line of a sandbox main class.
java_command() {
    local main="$1" jar
    shift
    jar="$(sandbox_jar)"
    [ -n "$jar" ] || die "sandbox not built (run: tools/onos-test.sh demo, or mvn -pl sandbox -am install)"
    local opens=() pkg
    # Kryo (ONOS's serializer, used by the store) reflects into the JDK
    for pkg in java.lang java.lang.invoke java.lang.reflect java.util java.util.concurrent \
               java.util.concurrent.atomic java.util.regex java.net java.nio java.time java.math java.text java.io; do
        opens+=(--add-opens "java.base/$pkg=ALL-UNNAMED")
    done
    export SANDBOX_WORK="$OVS_TMP/captures"
    JAVA_CMD=(java "${opens[@]}"
        -Dorg.slf4j.simpleLogger.logFile="$OVS_TMP/sandbox.log"
        -Dorg.slf4j.simpleLogger.defaultLogLevel=info
        -Dorg.slf4j.simpleLogger.showDateTime=true
        -cp "$jar:$ROOT/sandbox/target/lib/*" "$main" "$@")
}

cmd="${1:-}"
[ -n "$cmd" ] || usage
shift
case "$cmd" in
    demo)
        need_root
        ensure_packages
        build_sandbox
        start_ovs
        run_scenarios "$ROOT/scenarios/demo.scn"
        ;;
    test)
        need_root
        ensure_packages
        log "mvn -B install (unit tests of every module)"
        (cd "$ROOT" && mvn -B ${MVN_ARGS:-} install)
        start_ovs
        run_scenarios "$ROOT/scenarios/suite"
        ;;
    run)
        [ "$#" -gt 0 ] || die "usage: tools/onos-test.sh run FILE|DIR..."
        need_root
        ensure_packages
        [ -n "$(sandbox_jar)" ] || build_sandbox
        start_ovs
        run_scenarios "$@"
        ;;
    bench)
        need_root
        ensure_packages
        [ -n "$(sandbox_jar)" ] || build_sandbox
        start_ovs
        run_scenarios "$ROOT/scenarios/bench.scn"
        ;;
    sandbox)
        [ "$#" -le 1 ] || die "usage: tools/onos-test.sh sandbox [SCENARIO]"
        scenario="${1:-$ROOT/scenarios/rest-demo.scn}"
        [ -f "$scenario" ] || die "no scenario file $scenario"
        need_root
        ensure_packages
        [ -n "$(sandbox_jar)" ] || build_sandbox
        start_ovs
        # in the background, so that INT/TERM reach the trap at once; the trap stops the JVM
        # (its shutdown hook removes the bridges and namespaces), then OVS
        java_command org.onosproject.taas.sandbox.RestSandbox "$scenario"
        "${JAVA_CMD[@]}" &
        JAVA_PID=$!
        trap 'log "interrupted: stopping the sandbox"; STOP_REQUESTED=1; exit 130' INT TERM
        set +e
        wait "$JAVA_PID"
        rc=$?
        set -e
        JAVA_PID=""
        exit "$rc"
        ;;
    *)
        usage
        ;;
esac
