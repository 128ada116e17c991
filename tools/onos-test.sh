#!/usr/bin/env bash
# onos-taas on a real Open vSwitch, without an ONOS controller.
#
#   tools/onos-test.sh demo            build, then show a BOTH mirror on one switch and three hosts
#   tools/onos-test.sh test            mvn install (unit tests), scenario suite, REST smoke, OpenStack
#                                      clients (neutron/openstack tap commands), GUI lint
#   tools/onos-test.sh run FILE|DIR... run scenario files (format: docs/sandbox.md)
#   tools/onos-test.sh bench           iperf3 throughput and mirrored share: none / app / OVS mirror
#   tools/onos-test.sh bench-engine    rule engine benchmark (TapEngineBenchmark, no switch)
#   tools/onos-test.sh sandbox [FILE]  REST API on 127.0.0.1:8181/onos/taas (onos/rocks) over the
#                                      topology of FILE (default scenarios/rest-demo.scn) until ^C
#   tools/onos-test.sh onos [FILE|DIR...]  scenario files (default scenarios/suite) against a running
#                                      ONOS 2.7: ONOS_URL (http://127.0.0.1:8181), ONOS_USER /
#                                      ONOS_PASSWORD (onos/rocks), ONOS_SSH_PORT (8101); the .oar is
#                                      built and installed over REST (README, "Real ONOS")
#   tools/onos-test.sh bench-onos [--sandbox] [ROUNDS [BULK...]]  convergence benchmark: create ->
#                                      first copy / ACTIVE over ROUNDS (10), bulk of 100 and 1000
#                                      tap flows, on ONOS_URL (or the sandbox with --sandbox)
#
# Every command starts a private OVS instance (userspace datapath) under a temporary
# directory, in a network namespace of its own, and hosts in network namespaces, all named
# after this run (so runs can overlap); all of it is removed on exit, by pid and by this
# run's names only. Needs root (namespaces, OVS).
# Environment: MVN_ARGS (extra Maven arguments, e.g. -o), KEEP_LOGS=1 (keep the OVS and
# sandbox logs), OVS_USERSPACE_TSO=1 (enable userspace TSO for bench).

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SANDBOX_JAR_GLOB="$ROOT/sandbox/target/onos-taas-sandbox-*.jar"
APT_PACKAGES=(openvswitch-switch openvswitch-common tcpdump iperf3 iproute2 ethtool iputils-ping python3-scapy curl socat)
RUN_ID="$(printf '%04x' $((RANDOM % 65536)))"
export SANDBOX_RUN_ID="$RUN_ID"
OVS_TMP=""
OVS_NETNS=""
OF_RELAY_PID=""
JAVA_PID=""

log() { printf '>>> %s\n' "$*" >&2; }
die() { printf 'onos-test.sh: %s\n' "$*" >&2; exit 2; }

usage() {
    sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
}

need_root() {
    [ "$(id -u)" -eq 0 ] || die "needs root (network namespaces and Open vSwitch); run with sudo"
}

# Installs the system packages the sandbox needs when any is missing.
ensure_packages() {
    local missing=0
    for cmd in ovs-vswitchd ovs-vsctl ovs-ofctl ovsdb-tool ovsdb-server tcpdump iperf3 ip ss ethtool ping curl socat; do
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

# Stops the OpenFlow relay of start_of_relay: the connections it forked, then itself.
stop_of_relay() {
    [ -n "$OF_RELAY_PID" ] || return 0
    local child
    for child in $(ps -o pid= --ppid "$OF_RELAY_PID" 2>/dev/null); do kill "$child" 2>/dev/null; done
    kill "$OF_RELAY_PID" 2>/dev/null
    wait "$OF_RELAY_PID" 2>/dev/null
    OF_RELAY_PID=""
}

# Stops this run's OVS and relay, removes this run's namespaces (the OVS one with every
# switch-side interface in it) and interfaces; keeps the logs when asked to or when $1 (an
# exit status) is a failure that was not a requested stop.
stop_ovs() {
    local rc="${1:-0}" pid
    if [ -n "$OVS_TMP" ]; then
        stop_pid_file "$OVS_TMP/ovs-vswitchd.pid"
        stop_pid_file "$OVS_TMP/ovsdb-server.pid"
    fi
    stop_of_relay
    # anything still running in this run's OVS namespace was started there by start_ovs
    if [ -n "$OVS_NETNS" ] && [ -e "/run/netns/$OVS_NETNS" ]; then
        for pid in $(ip netns pids "$OVS_NETNS" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
    fi
    # only this run's namespaces and interfaces
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^taas-$RUN_ID-"); do
        ip netns del "$ns"
    done
    OVS_NETNS=""
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
    OVS_TMP=""
}

cleanup() {
    local rc=$?
    set +e
    stop_java
    stop_ovs "$rc"
    [ -z "$APP_WAS_INSTALLED" ] || onos_restore_app
    exit "$rc"
}

# What ovs-vswitchd logs when it cannot create or open its userspace datapath.
DATAPATH_FAILURE='creating tap device failed|datapath .* cannot be opened|failed to (open|create) datapath|failed to create bridge'

# Starts a private OVS (ovsdb-server + ovs-vswitchd) under a temporary directory, in a network
# namespace of its own (taas-RUN-ovs-sw, exported as SANDBOX_OVS_NETNS): a userspace OVS
# creates kernel tap devices under fixed names (its datapath's ovs-netdev, each bridge's LOCAL
# port), so two in one namespace break each other. The sandbox creates every switch-side
# interface in that namespace; ovs-vsctl/ovs-ofctl reach the daemons over unix sockets in
# OVS_RUNDIR from anywhere. Fails, quoting the log, if OVS cannot create its datapath.
start_ovs() {
    OVS_TMP="$(mktemp -d /tmp/taas-ovs.XXXXXX)"
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    export OVS_RUNDIR="$OVS_TMP" OVS_LOGDIR="$OVS_TMP" OVS_DBDIR="$OVS_TMP" OVS_SYSCONFDIR="$OVS_TMP"
    local schema=/usr/share/openvswitch/vswitch.ovsschema
    [ -f "$schema" ] || die "no OVS schema at $schema"
    # host names are letters and digits only: no host namespace can be called this
    OVS_NETNS="taas-$RUN_ID-ovs-sw"
    export SANDBOX_OVS_NETNS="$OVS_NETNS"
    ip netns add "$OVS_NETNS" || die "cannot create the network namespace $OVS_NETNS"
    ip netns exec "$OVS_NETNS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1 || true
    ip -n "$OVS_NETNS" link set lo up
    ovsdb-tool create "$OVS_TMP/conf.db" "$schema"
    ip netns exec "$OVS_NETNS" ovsdb-server "$OVS_TMP/conf.db" --remote="punix:$OVS_TMP/db.sock" \
        --pidfile --detach --log-file="$OVS_TMP/ovsdb-server.log" 2>/dev/null \
        || die "ovsdb-server did not start; see $OVS_TMP/ovsdb-server.log"
    ovs-vsctl --no-wait init
    if [ "${OVS_USERSPACE_TSO:-0}" = 1 ]; then
        ovs-vsctl --no-wait set Open_vSwitch . other_config:userspace-tso-enable=true
    fi
    # Plumbing.startSwitches (the scenario step "switch restart") starts it again the same way,
    # in $SANDBOX_OVS_NETNS with these options (OVS_RUNDIR = OVS_LOGDIR = $OVS_TMP): keep the two
    # the same. stop_ovs stops whichever runs by the pidfile it writes.
    ip netns exec "$OVS_NETNS" ovs-vswitchd --pidfile --detach --log-file="$OVS_TMP/ovs-vswitchd.log" \
        2>/dev/null || die "ovs-vswitchd did not start; see $OVS_TMP/ovs-vswitchd.log"
    check_datapath
    log "private $(ovs-vswitchd --version | head -1) in $OVS_TMP, netns $OVS_NETNS (run $RUN_ID)"
}

# Adds and removes a probe bridge: the first userspace bridge creates the datapath and its tap
# device ovs-netdev. Dies quoting ovs-vswitchd's log when that fails (ovs-vsctl exits 0 then).
check_datapath() {
    local probe="t${RUN_ID}probe" log="$OVS_TMP/ovs-vswitchd.log" err lines=""
    err="$(ovs-vsctl --timeout=20 add-br "$probe" -- set bridge "$probe" datapath_type=netdev \
           fail_mode=secure 2>&1)" || die "ovs-vsctl add-br $probe failed: $err"
    for _ in $(seq 10); do
        lines="$(grep -E "$DATAPATH_FAILURE" "$log" | head -5 || true)"
        # the log is written asynchronously: wait a little only when ovs-vsctl saw an error
        [ -z "$lines" ] && [ -n "$err" ] || break
        sleep 0.1
    done
    ovs-vsctl --if-exists del-br "$probe" 2>/dev/null || true
    [ -z "$lines" ] || die "Open vSwitch cannot create its userspace datapath (netns $OVS_NETNS); $log:
$lines"
    [ -z "$err" ] || die "Open vSwitch cannot set up a userspace bridge: $err"
}

# Starts, in the root namespace, a relay from the unix socket $OVS_TMP/of.sock to the
# OpenFlow controller ONOS_OF_HOST:ONOS_OF_PORT (default 127.0.0.1:6653), which OVS in its own
# namespace cannot reach, and exports SANDBOX_OF_TARGET=unix:$OVS_TMP/of.sock for the
# bridges' controller (Plumbing.setController). Call after start_ovs; stop_ovs stops it.
start_of_relay() {
    [ -n "$OVS_TMP" ] || die "start_of_relay: start_ovs first"
    local sock="$OVS_TMP/of.sock" to="${ONOS_OF_HOST:-127.0.0.1}:${ONOS_OF_PORT:-6653}"
    socat "UNIX-LISTEN:$sock,fork,mode=600" "TCP:$to" 2>>"$OVS_TMP/of-relay.log" &
    OF_RELAY_PID=$!
    echo "$OF_RELAY_PID" >"$OVS_TMP/of-relay.pid"
    for _ in $(seq 50); do
        [ -S "$sock" ] && break
        kill -0 "$OF_RELAY_PID" 2>/dev/null || die "the OpenFlow relay (socat) did not start: $(cat "$OVS_TMP/of-relay.log")"
        sleep 0.1
    done
    [ -S "$sock" ] || die "the OpenFlow relay (socat) did not create $sock"
    export SANDBOX_OF_TARGET="unix:$sock"
    log "OpenFlow relay unix:$sock -> tcp:$to (pid $OF_RELAY_PID)"
}

# Fails at once when the REST sandbox's address (SANDBOX_REST_URI, default 127.0.0.1:8181) is
# already listened on: a real ONOS or another REST sandbox holds it, and the two cannot share.
check_rest_port() {
    local uri="${SANDBOX_REST_URI:-http://127.0.0.1:8181/onos/taas/}" hostport host port taken
    hostport="${uri#*://}"; hostport="${hostport%%/*}"
    host="${hostport%:*}"; port="${hostport##*:}"
    [ "$host" != "$hostport" ] || port=80
    taken="$(ss -Hltn "sport = :$port" 2>/dev/null | awk -v h="$host" '{a = $4; sub(/:[0-9]+$/, "", a)}
        a == h || a == "[" h "]" || a == "0.0.0.0" || a == "*" || a == "[::]" || a == "[::ffff:" h "]" {print $4}' \
        | sort -u | tr '\n' ' ')"
    [ -z "$taken" ] || die "$host:$port is already in use (listening: ${taken% }): a real ONOS or another REST sandbox holds it; stop it first, or set SANDBOX_REST_URI to another address"
}

# Sets opens to the --add-opens options of the root pom's taas.test.argLine (Kryo, ONOS's
# serializer used by the store, and ONOS's test helpers reflect into the JDK).
add_opens() {
    local pkg
    opens=()
    for pkg in $(sed -n '/<taas.test.argLine>/,/<\/taas.test.argLine>/p' "$ROOT/pom.xml" \
                 | grep -o -- '--add-opens [^ <]*' | awk '{print $2}'); do
        opens+=(--add-opens "$pkg")
    done
    [ "${#opens[@]}" -gt 0 ] || die "no --add-opens found in taas.test.argLine of $ROOT/pom.xml"
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
    local opens=()
    add_opens
    export SANDBOX_WORK="$OVS_TMP/captures"
    JAVA_CMD=(java "${opens[@]}"
        -Dorg.slf4j.simpleLogger.logFile="$OVS_TMP/sandbox.log"
        -Dorg.slf4j.simpleLogger.defaultLogLevel=info
        -Dorg.slf4j.simpleLogger.showDateTime=true
        -cp "$jar:$ROOT/sandbox/target/lib/*" "$main" "$@")
}

# Sums the surefire reports of every module: prints "tests failures errors skipped".
surefire_totals() {
    local t=0 f=0 e=0 k=0 x tt ff ee kk
    for x in "$ROOT"/*/target/surefire-reports/TEST-*.xml; do
        [ -f "$x" ] || continue
        read -r tt ff ee kk < <(sed -n '0,/<testsuite /{/<testsuite /p}' "$x" | tr ' ' '\n' \
            | awk -F'"' '/^tests=/{t=$2} /^failures=/{f=$2} /^errors=/{e=$2} /^skipped=/{k=$2}
                         END {print t+0, f+0, e+0, k+0}')
        t=$((t + tt)); f=$((f + ff)); e=$((e + ee)); k=$((k + kk))
    done
    echo "$t $f $e $k"
}

# Reads "N passed, M failed" from the last such line of a file: prints "N M" (or nothing).
counts_of() {
    grep -E '^[0-9]+ passed, [0-9]+ failed$' "$1" | tail -1 | awk '{print $1, $3}'
}

# The whole test command: Maven (all modules, unit tests), the scenario suite, the REST smoke
# test, the OpenStack client test, the GUI lint when present; a summary of every part, exit
# status 1 if any failed.
run_tests() {
    local out rc t f e k p n passed=0 failed=0 parts=() bad=()
    out="$(mktemp -d /tmp/taas-test.XXXXXX)"
    local start=$SECONDS

    log "1/5 mvn -B install (every module, unit tests)"
    rc=0
    (cd "$ROOT" && mvn -B ${MVN_ARGS:-} install) 2>&1 | tee "$out/mvn.log" || rc=$?
    read -r t f e k < <(surefire_totals)
    passed=$((passed + t - f - e - k)); failed=$((failed + f + e))
    parts+=("maven: $((t - f - e - k)) tests passed, $((f + e)) failed, $k skipped (rc $rc)")
    [ "$rc" -eq 0 ] || bad+=(maven)

    log "2/5 scenario suite (scenarios/suite)"
    rc=0
    start_ovs
    run_scenarios "$ROOT/scenarios/suite" 2>&1 | tee "$out/suite.log" || rc=$?
    stop_ovs "$rc"
    read -r p n < <(counts_of "$out/suite.log"; echo)
    p="${p:-0}"; n="${n:-1}"
    passed=$((passed + p)); failed=$((failed + n))
    parts+=("scenarios: $p passed, $n failed (rc $rc)")
    [ "$rc" -eq 0 ] || bad+=(scenarios)

    log "3/5 REST smoke test (tools/rest-smoke.sh)"
    rc=0
    "$ROOT/tools/rest-smoke.sh" 2>&1 | tee "$out/smoke.log" || rc=$?
    read -r p n < <(counts_of "$out/smoke.log"; echo)
    p="${p:-0}"; n="${n:-1}"
    passed=$((passed + p)); failed=$((failed + n))
    parts+=("rest-smoke: $p passed, $n failed (rc $rc)")
    [ "$rc" -eq 0 ] || bad+=(rest-smoke)

    log "4/5 OpenStack client test (tools/openstack-smoke.sh: neutron and openstack tap commands)"
    rc=0
    "$ROOT/tools/openstack-smoke.sh" 2>&1 | tee "$out/openstack.log" || rc=$?
    read -r p n < <(counts_of "$out/openstack.log"; echo)
    p="${p:-0}"; n="${n:-1}"
    passed=$((passed + p)); failed=$((failed + n))
    parts+=("openstack-smoke: $p passed, $n failed (rc $rc)")
    [ "$rc" -eq 0 ] || bad+=(openstack-smoke)

    if [ -x "$ROOT/tools/gui-lint.sh" ]; then
        log "5/5 GUI lint (tools/gui-lint.sh)"
        rc=0
        "$ROOT/tools/gui-lint.sh" || rc=$?
        parts+=("gui-lint: rc $rc")
        [ "$rc" -eq 0 ] || bad+=(gui-lint)
    else
        parts+=("gui-lint: tools/gui-lint.sh not present or not executable, skipped")
    fi

    echo "== summary ($((SECONDS - start)) s)"
    for x in "${parts[@]}"; do echo "   $x"; done
    [ "${#bad[@]}" -eq 0 ] || echo "   failed parts: ${bad[*]} (logs in $out)"
    echo "$passed passed, $failed failed"
    [ "${#bad[@]}" -eq 0 ] && [ "$failed" -eq 0 ] && rm -rf "$out"
    [ "${#bad[@]}" -eq 0 ] && [ "$failed" -eq 0 ]
}

# Builds the app's tests and runs the rule engine benchmark (no switch, no root).
bench_engine() {
    local cpfile opens=()
    cpfile="$(mktemp /tmp/taas-cp.XXXXXX)"
    log "building the app's tests"
    (cd "$ROOT" && { mvn -B -q -o -pl app test-compile || mvn -B -q -pl app test-compile; }) \
        || die "the app does not build"
    (cd "$ROOT" && { mvn -B -q -o -pl app dependency:build-classpath -Dmdep.includeScope=test \
                        -Dmdep.outputFile="$cpfile" \
                     || mvn -B -q -pl app dependency:build-classpath -Dmdep.includeScope=test \
                        -Dmdep.outputFile="$cpfile"; }) || die "cannot resolve the app's test classpath"
    add_opens
    local rc=0
    java "${opens[@]}" -cp "$ROOT/app/target/classes:$ROOT/app/target/test-classes:$(cat "$cpfile")" \
        org.onosproject.taas.impl.TapEngineBenchmark "$@" || rc=$?
    rm -f "$cpfile"
    return "$rc"
}

# ---- a real ONOS (tools/onos-test.sh onos)

ONOS_URL="${ONOS_URL:-http://127.0.0.1:8181}"
ONOS_USER="${ONOS_USER:-onos}"
ONOS_PASSWORD="${ONOS_PASSWORD:-rocks}"
ONOS_SSH_PORT="${ONOS_SSH_PORT:-8101}"
export ONOS_URL ONOS_USER ONOS_PASSWORD ONOS_SSH_PORT
APP_NAME=org.onosproject.taas
APP_WAS_INSTALLED=""

# curl against ONOS's REST API with its credentials; prints the body, fails on an HTTP error.
onos_rest() {
    local method="$1" path="$2"
    shift 2
    curl -sS --fail-with-body -u "$ONOS_USER:$ONOS_PASSWORD" -X "$method" "$@" "$ONOS_URL$path"
}

# Checks that an ONOS 2.7 answers at ONOS_URL with these credentials and that its CLI answers
# over ssh; says what is wrong otherwise (not running, the REST sandbox on that port, bad
# credentials, no OpenFlow).
onos_check() {
    local code
    code="$(curl -s -o /dev/null -w '%{http_code}' -u "$ONOS_USER:$ONOS_PASSWORD" \
            "$ONOS_URL/onos/v1/applications" || true)"
    case "$code" in
        200) ;;
        000) die "no ONOS answers at $ONOS_URL (start one, e.g. ../shared/onos-rig/run-onos.sh, or set ONOS_URL)" ;;
        401) die "ONOS at $ONOS_URL refused user '$ONOS_USER' (set ONOS_USER / ONOS_PASSWORD)" ;;
        404) die "$ONOS_URL answers but has no /onos/v1 API: is that the REST sandbox (tools/onos-test.sh sandbox) rather than ONOS? They share port 8181; stop it first" ;;
        *) die "ONOS at $ONOS_URL answered HTTP $code to GET /onos/v1/applications" ;;
    esac
    onos_rest GET "/onos/v1/applications/org.onosproject.openflow" 2>/dev/null | grep -q '"state":"ACTIVE"' \
        || die "ONOS at $ONOS_URL does not have org.onosproject.openflow ACTIVE (the switches could not connect)"
    SSHPASS="$ONOS_PASSWORD" sshpass -e ssh -p "$ONOS_SSH_PORT" -o StrictHostKeyChecking=no \
        -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=10 \
        "$ONOS_USER@$(onos_host)" "apps -s -a" >/dev/null 2>&1 \
        || die "ONOS's CLI does not answer over ssh on $(onos_host):$ONOS_SSH_PORT as '$ONOS_USER' (set ONOS_SSH_PORT)"
}

onos_host() {
    local h="${ONOS_URL#*://}"
    h="${h%%/*}"
    echo "${h%:*}"
}

# Installs the freshly built .oar over REST, replacing an installed one, and waits until
# the application is ACTIVE and its REST API answers.
onos_install_app() {
    local oar
    oar="$(ls "$ROOT"/oar/target/onos-app-taas-*.oar 2>/dev/null | head -1)"
    [ -n "$oar" ] || die "no .oar in oar/target (the build failed?)"
    if onos_rest GET "/onos/v1/applications/$APP_NAME" >/dev/null 2>&1; then
        APP_WAS_INSTALLED=1
        log "replacing the installed $APP_NAME"
        onos_rest DELETE "/onos/v1/applications/$APP_NAME" >/dev/null
        for _ in $(seq 60); do
            onos_rest GET "/onos/v1/applications/$APP_NAME" >/dev/null 2>&1 || break
            sleep 0.5
        done
    else
        APP_WAS_INSTALLED=0
    fi
    log "installing $(basename "$oar") on $ONOS_URL"
    local reply
    reply="$(onos_rest POST "/onos/v1/applications?activate=true" -H 'Content-Type: application/octet-stream' \
        --data-binary @"$oar" 2>&1)" || die "ONOS refused the .oar: $reply"
    for _ in $(seq 120); do
        if onos_rest GET "/onos/v1/applications/$APP_NAME" 2>/dev/null | grep -q '"state":"ACTIVE"' \
           && onos_rest GET "/onos/taas/tap-services" >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.5
    done
    die "$APP_NAME did not become ACTIVE with its REST API within 60 s (see ONOS's karaf.log)"
}

# Everything a run against a real ONOS needs: packages (sshpass for the CLI), a reachable ONOS,
# the build, the .oar installed, a private OVS and the OpenFlow relay.
prepare_onos() {
    need_root
    ensure_packages
    command -v sshpass >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get update -q;
                                            apt-get install -y -q sshpass openssh-client; }
    onos_check
    log "building the application, its .oar and the scenario runner"
    (cd "$ROOT" && mvn -B -q ${MVN_ARGS:-} -DskipTests install) || die "the build failed"
    onos_install_app
    start_ovs
    start_of_relay
}

# Leaves ONOS as found: an application this run installed where there was none is uninstalled.
onos_restore_app() {
    if [ "$APP_WAS_INSTALLED" = 0 ]; then
        log "uninstalling $APP_NAME (it was not installed before this run)"
        onos_rest DELETE "/onos/v1/applications/$APP_NAME" >/dev/null || true
    fi
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
        run_tests
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
    bench-engine)
        bench_engine "$@"
        ;;
    onos)
        prepare_onos
        [ "$#" -gt 0 ] || set -- "$ROOT/scenarios/suite"
        run_scenarios --onos "$@"
        ;;
    bench-onos)
        if [ "${1:-}" = "--sandbox" ]; then
            shift
            need_root
            ensure_packages
            build_sandbox
            start_ovs
            java_command org.onosproject.taas.sandbox.ConvergenceBenchmark "$@"
        else
            prepare_onos
            java_command org.onosproject.taas.sandbox.ConvergenceBenchmark --onos "$@"
        fi
        "${JAVA_CMD[@]}"
        ;;
    sandbox)
        [ "$#" -le 1 ] || die "usage: tools/onos-test.sh sandbox [SCENARIO]"
        scenario="${1:-$ROOT/scenarios/rest-demo.scn}"
        [ -f "$scenario" ] || die "no scenario file $scenario"
        check_rest_port
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
