#!/usr/bin/env bash
# onos-taas on a 3-instance ONOS 2.7 cluster: every mirror stays exact through a graceful stop
# of the source device's master, its restart, and a rolling restart of all three instances.
#
#   tools/cluster-test.sh        (as root, on the machine whose OpenFlow ports the instances listen on)
#
# Environment:
#   ONOS_NODES      the instances' addresses, instance n = the n-th (default "127.0.0.11 127.0.0.12 127.0.0.13");
#                   REST on :8181, CLI over ssh on ONOS_SSH_PORT (8101), OpenFlow on ONOS_OF_PORT (6653)
#   ONOS_USER / ONOS_PASSWORD   REST and CLI credentials (onos / rocks)
#   ONOS_STOP_CMD   command stopping instance {n} (1..3); default: graceful 'system:shutdown -f' over
#                   the CLI of instance n
#   ONOS_START_CMD  command starting instance {n} again; no default: without it the restart and the
#                   rolling restart are skipped (said so in the output)
#   MVN_ARGS        extra Maven arguments (default -o); KEEP_LOGS=1 keeps the OVS logs and captures
#   READY_TIMEOUT   seconds to wait for a started instance to be READY (default 300)
#
# It builds the .oar and installs it through instance 1 (replacing an installed one), builds a
# private Open vSwitch (userspace datapath, own network namespace, relays to the controllers)
# with one bridge of:0000000000000001 and hosts h1..h4 on ports 1..4 (10.0.0.1-4), a tap service
# on port 3 (h3 = analyzer) and a BOTH tap flow on port 2 (h2). A round = ping -c 5 h1 -> h2 with
# captures at h1..h4: the analyzer must get exactly 5 copies of the requests (IN of h2) and 5 of
# the replies (OUT of h2), h2 5 requests, h1 5 replies, h4 nothing. Prints 'PASS/FAIL  cluster
# <what>: <figure>' lines and 'N passed, M failed'; exit 0 only if all passed. Removes what it
# made (tap objects, network config, device, the app if it was not installed before, OVS,
# namespaces), also on failure.

set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
read -r -a NODES <<<"${ONOS_NODES:-127.0.0.11 127.0.0.12 127.0.0.13}"
ONOS_USER="${ONOS_USER:-onos}"
ONOS_PASSWORD="${ONOS_PASSWORD:-rocks}"
ONOS_SSH_PORT="${ONOS_SSH_PORT:-8101}"
ONOS_OF_PORT="${ONOS_OF_PORT:-6653}"
ONOS_STOP_CMD="${ONOS_STOP_CMD:-}"
ONOS_START_CMD="${ONOS_START_CMD:-}"
READY_TIMEOUT="${READY_TIMEOUT:-300}"
APP=org.onosproject.taas
DPID=0000000000000001
DEV="of:$DPID"
RID="$(printf '%04x' $((RANDOM % 65536)))"
OVSNS="ct$RID-ovs"
BR="ct${RID}br"
TMP=""
APP_WAS_INSTALLED=""
RELAY_PIDS=()
BG_PIDS=()
SVC_ID=""
FLOW_ID=""
EXTRA_SVCS=()
DOWN=()             # instance indexes (1..) currently stopped by this script
PASSED=0
FAILED=0

log()  { printf '>>> %s\n' "$*" >&2; }
die()  { printf 'cluster-test.sh: %s\n' "$*" >&2; exit 2; }
pass() { printf 'PASS  cluster  %s\n' "$*"; PASSED=$((PASSED + 1)); }
fail() { printf 'FAIL  cluster  %s\n' "$*"; FAILED=$((FAILED + 1)); }
check() { if [ "$1" = 0 ]; then shift; pass "$@"; else shift; fail "$@"; fi; }
now()  { date +%s.%N; }
dt()   { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
ip_of() { echo "${NODES[$(($1 - 1))]}"; }
is_down() { local d; for d in "${DOWN[@]}"; do [ "$d" = "$1" ] && return 0; done; return 1; }
alive() { local n; for n in $(seq "${#NODES[@]}"); do is_down "$n" || echo "$n"; done; }
first_alive() { alive | head -1; }

# rest N METHOD PATH [curl args]: body on stdout, fails on an HTTP error or no answer
rest() {
    local n="$1" method="$2" path="$3"
    shift 3
    curl -sS -m 10 --fail-with-body -u "$ONOS_USER:$ONOS_PASSWORD" -X "$method" "$@" \
        "http://$(ip_of "$n"):8181$path"
}
cli() {
    local n="$1"
    shift
    SSHPASS="$ONOS_PASSWORD" sshpass -e ssh -p "$ONOS_SSH_PORT" -o StrictHostKeyChecking=no \
        -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=10 \
        "$ONOS_USER@$(ip_of "$n")" "$*"
}
vsctl() { ovs-vsctl --timeout=20 "$@"; }
ofctl() { ovs-ofctl -O OpenFlow13 "$@"; }
inh()   { local h="$1"; shift; ip netns exec "ct$RID-h$h" "$@"; }

# ---- cleanup

cleanup() {
    local rc=$? n pid
    set +e
    trap - EXIT INT TERM
    for pid in "${BG_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    n="$(first_alive)"
    if [ -n "$n" ]; then
        for id in "${EXTRA_SVCS[@]}" "$SVC_ID"; do
            [ -n "$id" ] && rest "$n" DELETE "/onos/taas/tap-services/$id" >/dev/null 2>&1
        done
    fi
    if [ -n "$TMP" ]; then
        ovs-appctl -t "$TMP/ovs-vswitchd.ctl" exit --cleanup >/dev/null 2>&1
        for f in ovs-vswitchd ovsdb-server; do
            [ -f "$TMP/$f.pid" ] && kill "$(cat "$TMP/$f.pid")" 2>/dev/null
        done
    fi
    for pid in "${RELAY_PIDS[@]}"; do
        for c in $(ps -o pid= --ppid "$pid" 2>/dev/null); do kill "$c" 2>/dev/null; done
        kill "$pid" 2>/dev/null
    done
    if [ -e "/run/netns/$OVSNS" ]; then
        for pid in $(ip netns pids "$OVSNS" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
    fi
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^ct$RID-"); do ip netns del "$ns"; done
    for ifc in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep "^ct$RID"); do
        ip link del "$ifc" 2>/dev/null
    done
    if [ -n "$n" ]; then
        # the device (with its hosts) and its network config
        for _ in $(seq 20); do
            rest "$n" GET "/onos/v1/devices/$DEV" 2>/dev/null | grep -q '"available":true' || break
            sleep 0.5
        done
        rest "$n" DELETE "/onos/v1/devices/$DEV" >/dev/null 2>&1
        rest "$n" DELETE "/onos/v1/network/configuration/devices/$DEV" >/dev/null 2>&1
        if [ "$APP_WAS_INSTALLED" = 0 ]; then
            log "uninstalling $APP (it was not installed before this run)"
            rest "$n" DELETE "/onos/v1/applications/$APP" >/dev/null 2>&1
        fi
    fi
    if [ -n "$TMP" ]; then
        if [ "${KEEP_LOGS:-0}" = 1 ]; then log "logs kept in $TMP"; else rm -rf "$TMP"; fi
    fi
    exit "$rc"
}

# ---- preparation

prepare() {
    [ "$(id -u)" -eq 0 ] || die "needs root (network namespaces and Open vSwitch)"
    local c
    for c in ovs-vswitchd ovs-vsctl ovs-ofctl ovsdb-tool ovsdb-server tcpdump ip ethtool ping curl socat \
             sshpass ssh jq mvn arping; do
        command -v "$c" >/dev/null 2>&1 || die "missing command: $c"
    done
    [ "${#NODES[@]}" -ge 2 ] || die "ONOS_NODES lists ${#NODES[@]} instance(s); a cluster test needs several"
    local n
    for n in $(seq "${#NODES[@]}"); do
        rest "$n" GET /onos/v1/applications/org.onosproject.openflow 2>/dev/null | grep -q '"state":"ACTIVE"' \
            || die "instance $n ($(ip_of "$n")) does not answer with org.onosproject.openflow ACTIVE"
        cli "$n" "nodes" >/dev/null 2>&1 || die "the CLI of instance $n does not answer on $(ip_of "$n"):$ONOS_SSH_PORT"
    done
    if rest 1 GET "/onos/v1/devices/$DEV" 2>/dev/null | grep -q '"available":true'; then
        die "$DEV is already connected to the cluster: another test runs?"
    fi
    TMP="$(mktemp -d /tmp/taas-cluster.XXXXXX)"
    trap cleanup EXIT
    trap 'exit 130' INT TERM
}

build_and_install() {
    log "building the .oar (mvn ${MVN_ARGS:--o} -q -DskipTests -pl oar -am package)"
    # shellcheck disable=SC2086
    (cd "$ROOT" && mvn -B -q ${MVN_ARGS:--o} -DskipTests -pl oar -am package) || die "the build failed"
    local oar
    oar="$(ls "$ROOT"/oar/target/onos-app-taas-*.oar 2>/dev/null | head -1)"
    [ -n "$oar" ] || die "no .oar in oar/target"
    if rest 1 GET "/onos/v1/applications/$APP" >/dev/null 2>&1; then
        APP_WAS_INSTALLED=1
        log "replacing the installed $APP"
        rest 1 DELETE "/onos/v1/applications/$APP" >/dev/null
        for _ in $(seq 60); do rest 1 GET "/onos/v1/applications/$APP" >/dev/null 2>&1 || break; sleep 0.5; done
    else
        APP_WAS_INSTALLED=0
    fi
    log "installing $(basename "$oar") through instance 1"
    local t0 reply
    t0=$(now)
    reply="$(rest 1 POST "/onos/v1/applications?activate=true" -H 'Content-Type: application/octet-stream' \
        --data-binary @"$oar" 2>&1)" || die "ONOS refused the .oar: $reply"
    local n ok
    for _ in $(seq 240); do
        ok=0
        for n in $(seq "${#NODES[@]}"); do
            rest "$n" GET "/onos/v1/applications/$APP" 2>/dev/null | grep -q '"state":"ACTIVE"' \
                && rest "$n" GET /onos/taas/tap-services >/dev/null 2>&1 && ok=$((ok + 1))
        done
        [ "$ok" = "${#NODES[@]}" ] && break
        sleep 0.5
    done
    check $(( ok != ${#NODES[@]} )) "app ACTIVE with its REST API on all instances: $ok/${#NODES[@]} ($(dt "$t0" "$(now)") s after the install)"
    [ "$ok" = "${#NODES[@]}" ] || exit 1
    APP_NUM="$(rest 1 GET "/onos/v1/applications/$APP" | jq -r .id)"
}

start_ovs() {
    export OVS_RUNDIR="$TMP" OVS_LOGDIR="$TMP" OVS_DBDIR="$TMP" OVS_SYSCONFDIR="$TMP"
    ip netns add "$OVSNS" || die "cannot create the namespace $OVSNS"
    ip -n "$OVSNS" link set lo up
    ovsdb-tool create "$TMP/conf.db" /usr/share/openvswitch/vswitch.ovsschema
    ip netns exec "$OVSNS" ovsdb-server "$TMP/conf.db" --remote="punix:$TMP/db.sock" \
        --pidfile="$TMP/ovsdb-server.pid" --unixctl="$TMP/ovsdb-server.ctl" \
        --log-file="$TMP/ovsdb-server.log" -vconsole:off --detach 2>/dev/null || die "ovsdb-server did not start"
    vsctl --no-wait init
    ip netns exec "$OVSNS" ovs-vswitchd "unix:$TMP/db.sock" --pidfile="$TMP/ovs-vswitchd.pid" \
        --unixctl="$TMP/ovs-vswitchd.ctl" --log-file="$TMP/ovs-vswitchd.log" -vconsole:off --detach \
        2>/dev/null || die "ovs-vswitchd did not start"
    vsctl add-br "$BR" -- set bridge "$BR" datapath_type=netdev fail_mode=secure protocols=OpenFlow13 \
        other-config:datapath-id="$DPID" || die "cannot add the bridge"
    local h
    for h in 1 2 3 4; do
        ip netns add "ct$RID-h$h"
        ip link add "ct${RID}h$h" type veth peer name "ct${RID}s$h" netns "$OVSNS"
        ip link set "ct${RID}h$h" netns "ct$RID-h$h"
        inh "$h" ip link set "ct${RID}h$h" name eth0
        inh "$h" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
        inh "$h" ip link set eth0 address "00:00:00:00:00:0$h"
        inh "$h" ip addr add "10.0.0.$h/24" dev eth0
        inh "$h" ip link set eth0 up
        inh "$h" ip link set lo up
        inh "$h" ethtool -K eth0 tx off >/dev/null 2>&1
        ip netns exec "$OVSNS" ethtool -K "ct${RID}s$h" tx off >/dev/null 2>&1
        ip -n "$OVSNS" link set "ct${RID}s$h" up
        vsctl add-port "$BR" "ct${RID}s$h" -- set interface "ct${RID}s$h" ofport_request="$h"
    done
    # OVS lives in its own namespace: one relay (unix socket -> instance's OpenFlow port) per instance
    local n targets=()
    for n in $(seq "${#NODES[@]}"); do
        socat "UNIX-LISTEN:$TMP/of$n.sock,fork,mode=600" "TCP:$(ip_of "$n"):$ONOS_OF_PORT" 2>>"$TMP/relay.log" &
        RELAY_PIDS+=($!)
        targets+=("unix:$TMP/of$n.sock")
    done
    for _ in $(seq 50); do
        local all=1
        for n in $(seq "${#NODES[@]}"); do [ -S "$TMP/of$n.sock" ] || all=0; done
        [ "$all" = 1 ] && break
        sleep 0.1
    done
    rest 1 POST /onos/v1/network/configuration -H 'Content-Type: application/json' \
        -d "{\"devices\":{\"$DEV\":{\"basic\":{\"driver\":\"ovs\"}}}}" >/dev/null || die "netcfg refused"
    local t0 ports avail
    t0=$(now)
    vsctl set-controller "$BR" "${targets[@]}"
    for _ in $(seq 120); do
        avail="$(rest 1 GET "/onos/v1/devices/$DEV" 2>/dev/null | jq -r .available 2>/dev/null)"
        ports="$(rest 1 GET "/onos/v1/devices/$DEV/ports" 2>/dev/null \
            | jq '[.ports[] | select(.port != "local" and .isEnabled)] | length' 2>/dev/null)"
        [ "$avail" = true ] && [ "${ports:-0}" -ge 4 ] && break
        sleep 0.5
    done
    check "$([ "$avail" = true ] && [ "${ports:-0}" -ge 4 ]; echo $?)" \
        "device $DEV available with ${ports:-0} ports ($(dt "$t0" "$(now)") s after set-controller to ${#NODES[@]} instances)"
    [ "$avail" = true ] || exit 1
}

# broadcasts from h1, h2, h4 until ONOS knows each at its port; then static neighbours (no ARP
# in the rounds)
warm_up() {
    local h known missing t0
    t0=$(now)
    for _ in $(seq 60); do
        local senders=()
        for h in 1 2 4; do
            ip netns exec "ct$RID-h$h" arping -q -U -c 1 -w 1 -I eth0 "10.0.0.$h" >/dev/null 2>&1 &
            senders+=($!)
        done
        wait "${senders[@]}"
        known="$(rest 1 GET /onos/v1/hosts 2>/dev/null | jq -r '.hosts[] | .mac + "@" + .locations[0].elementId + "/" + .locations[0].port' 2>/dev/null)"
        missing=""
        for h in 1 2 4; do
            grep -qi "^00:00:00:00:00:0$h@$DEV/$h$" <<<"$known" || missing="$missing h$h"
        done
        [ -z "$missing" ] && break
        sleep 0.5
    done
    check "$([ -z "$missing" ]; echo $?)" "hosts h1 h2 h4 learnt at their ports ($(dt "$t0" "$(now)") s)${missing:+; missing:$missing}"
    local a b
    for a in 1 2 3 4; do for b in 1 2 3 4; do
        [ "$a" = "$b" ] || inh "$a" ip neigh replace "10.0.0.$b" lladdr "00:00:00:00:00:0$b" nud permanent dev eth0
    done; done
    inh 1 ping -c 3 -i 0.2 -W 1 10.0.0.2 >/dev/null 2>&1   # fwd's rules for h1 <-> h2
}

create_taps() {
    local body n st_s st_f t0
    body="$(rest 1 POST /onos/taas/tap-services -H 'Content-Type: application/json' \
        -d "{\"name\":\"ct-analyzer\",\"port\":\"$DEV/3\"}")" || { fail "POST tap-service: $body"; exit 1; }
    SVC_ID="$(jq -r .id <<<"$body")"
    t0=$(now)
    body="$(rest 1 POST /onos/taas/tap-flows -H 'Content-Type: application/json' \
        -d "{\"name\":\"ct-h2\",\"tapServiceId\":\"$SVC_ID\",\"sourcePort\":\"$DEV/2\",\"direction\":\"BOTH\"}")" \
        || { fail "POST tap-flow: $body"; exit 1; }
    FLOW_ID="$(jq -r .id <<<"$body")"
    for _ in $(seq 120); do
        st_s="$(rest 1 GET "/onos/taas/tap-services/$SVC_ID" 2>/dev/null | jq -r .status)"
        st_f="$(rest 1 GET "/onos/taas/tap-flows/$FLOW_ID" 2>/dev/null | jq -r .status)"
        [ "$st_s" = ACTIVE ] && [ "$st_f" = ACTIVE ] && break
        sleep 0.25
    done
    check "$([ "$st_s" = ACTIVE ] && [ "$st_f" = ACTIVE ]; echo $?)" \
        "tap service on port 3 + BOTH tap flow on port 2: service $st_s, flow $st_f ($(dt "$t0" "$(now)") s after the flow's POST)"
    # the same view on every instance
    local views=""
    for n in $(seq "${#NODES[@]}"); do
        views="$views n$n:$(rest "$n" GET "/onos/taas/tap-flows/$FLOW_ID" 2>/dev/null | jq -r .status)"
    done
    check "$([ "$(tr ' ' '\n' <<<"$views" | grep -c ':ACTIVE$')" = "${#NODES[@]}" ]; echo $?)" "flow status on every instance:$views"
}

# ---- rounds

# count PCAP FILTER
count() { tcpdump -nn -r "$1" "$2" 2>/dev/null | wc -l; }

# round LABEL [AT]: captures at h1..h4 (inbound), ping -c 5 h1 -> h2 starting at epoch AT (or
# now); prints the counts; PASS when the analyzer got exactly 5 + 5 and the originals are 5 + 5
ROUND_T0=""
round() {
    local label="$1" at="${2:-}" h pids=() f
    for h in 1 2 3 4; do
        f="$TMP/r-h$h"
        rm -f "$f.pcap" "$f.err"
        # not through inh: $! must be tcpdump's pid (ip netns exec execs it)
        ip netns exec "ct$RID-h$h" tcpdump -i eth0 -Q in -nn -U --immediate-mode -w "$f.pcap" icmp 2>"$f.err" &
        pids+=($!)
    done
    for _ in $(seq 50); do
        [ "$(cat "$TMP"/r-h[1-4].err 2>/dev/null | grep -c 'listening on')" = 4 ] && break
        sleep 0.05
    done
    if [ -n "$at" ]; then
        local wait
        wait="$(awk -v a="$at" -v b="$(now)" 'BEGIN { d = a - b; if (d > 0) printf "%.3f", d; else print 0 }')"
        sleep "$wait"
    fi
    local ts
    ts=$(now)
    inh 1 ping -c 5 -i 0.2 -W 1 10.0.0.2 >"$TMP/ping.out" 2>&1
    sleep 0.3
    for f in "${pids[@]}"; do kill -INT "$f" 2>/dev/null; done
    for f in "${pids[@]}"; do wait "$f" 2>/dev/null; done
    local req rep oreq orep h4 rx
    req=$(count "$TMP/r-h3.pcap" 'src 10.0.0.1 and dst 10.0.0.2 and icmp[icmptype] == 8')
    rep=$(count "$TMP/r-h3.pcap" 'src 10.0.0.2 and dst 10.0.0.1 and icmp[icmptype] == 0')
    oreq=$(count "$TMP/r-h2.pcap" 'src 10.0.0.1 and icmp[icmptype] == 8')
    orep=$(count "$TMP/r-h1.pcap" 'src 10.0.0.2 and icmp[icmptype] == 0')
    h4=$(count "$TMP/r-h4.pcap" 'icmp')
    rx="$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$TMP/ping.out")"
    local when=""
    [ -n "$ROUND_T0" ] && when=" at +$(dt "$ROUND_T0" "$ts") s"
    check "$([ "$req" = 5 ] && [ "$rep" = 5 ] && [ "$oreq" = 5 ] && [ "$orep" = 5 ] && [ "$h4" = 0 ]; echo $?)" \
        "round $label$when: copies at h3 requests $req/5 replies $rep/5; originals h2 $oreq/5 h1 $orep/5 (ping ${rx:-?}/5); h4 $h4"
}

# rounds_every LABEL FROM STEP UNTIL: rounds starting at ROUND_T0 + FROM, + STEP ... <= UNTIL
rounds_every() {
    local label="$1" from="$2" step="$3" until="$4" t i=1
    t="$from"
    while awk -v t="$t" -v u="$until" 'BEGIN { exit !(t <= u) }'; do
        round "$label #$i" "$(awk -v a="$ROUND_T0" -v t="$t" 'BEGIN { printf "%.3f", a + t }')"
        i=$((i + 1))
        # the next slot that is not already past
        t="$(awk -v t="$t" -v s="$step" -v e="$(dt "$ROUND_T0" "$(now)")" 'BEGIN { t += s; while (t < e) t += s; print t }')"
    done
}

# ---- instances

subst() { local c="${1//\{n\}/$2}"; echo "$c"; }

stop_instance() {
    local n="$1" cmd
    if [ -n "$ONOS_STOP_CMD" ]; then
        cmd="$(subst "$ONOS_STOP_CMD" "$n")"
        log "stopping instance $n: $cmd"
        bash -c "$cmd" >>"$TMP/instances.log" 2>&1
    else
        log "stopping instance $n: system:shutdown -f over its CLI"
        cli "$n" "system:shutdown -f" >>"$TMP/instances.log" 2>&1
    fi
    DOWN+=("$n")
}

start_instance() {
    local n="$1" cmd t0 s ok=1
    cmd="$(subst "$ONOS_START_CMD" "$n")"
    log "starting instance $n: $cmd"
    t0=$(now)
    bash -c "$cmd" >>"$TMP/instances.log" 2>&1 || log "the start command failed (rc $?); see below"
    local d=()
    for s in "${DOWN[@]}"; do [ "$s" = "$n" ] || d+=("$s"); done
    DOWN=("${d[@]}")
    # READY: the instance lists every instance READY, and answers the app's REST API
    local deadline=$(( SECONDS + READY_TIMEOUT )) ready
    while [ $SECONDS -lt $deadline ]; do
        ready="$(rest "$n" GET /onos/v1/cluster 2>/dev/null | jq '[.nodes[] | select(.status == "READY")] | length' 2>/dev/null)"
        if [ "${ready:-0}" = "${#NODES[@]}" ] && rest "$n" GET "/onos/taas/tap-flows/$FLOW_ID" >/dev/null 2>&1; then
            ok=0
            break
        fi
        sleep 1
    done
    check "$ok" "instance $n back: ${ready:-0}/${#NODES[@]} READY and the app's REST API answering $(dt "$t0" "$(now)") s after the start command"
    [ "$ok" = 0 ] || { tail -5 "$TMP/instances.log"; return 1; }
}

# background: every 0.25 s, from instance N: master of the device, status of the tap flow and service
POLL_PID=""
start_poller() {
    local n="$1" out="$2"
    : >"$out"
    (
        while :; do
            m="$(rest "$n" GET "/onos/v1/mastership/$DEV/master" 2>/dev/null | jq -r '.nodeId // "-"' 2>/dev/null)"
            f="$(rest "$n" GET "/onos/taas/tap-flows/$FLOW_ID" 2>/dev/null | jq -r '.status + "|" + ((.reason // "") | gsub(" "; "_"))' 2>/dev/null)"
            echo "$(date +%s.%N) ${m:--} ${f:--}" >>"$out"
            sleep 0.25
        done
    ) &
    POLL_PID=$!
    BG_PIDS+=("$POLL_PID")
}
stop_poller() { [ -n "$POLL_PID" ] && kill "$POLL_PID" 2>/dev/null; wait "$POLL_PID" 2>/dev/null; POLL_PID=""; }

# summarises a poller file relative to T0: when the master became NEW (not OLD), the status
# transitions, when the flow was ACTIVE again after the master moved
poll_report() {
    local file="$1" t0="$2" old="$3" what="$4"
    awk -v t0="$t0" -v old="$old" -v what="$what" '
        { t = $1 - t0; m = $2; s = $3; split(s, a, "|");
          if (moved == "" && m != "-" && m != old) { moved = t; before = prev; newm = m }
          prev = t
          if (s != last) { trans = trans sprintf(" %+.1fs:%s", t, a[1] (a[2] != "" ? "(" a[2] ")" : "")); last = s }
          if (t >= 0 && a[1] != "ACTIVE") notactive = 1
          if (moved != "" && active == "" && a[1] == "ACTIVE" && t >= moved) active = t }
        END {
          printf "MOVED %s %s %s\n", (moved == "" ? "-" : sprintf("%.1f", moved)), (newm == "" ? "-" : newm), (before == "" ? "-" : sprintf("%.1f", before))
          printf "ACTIVE %s %s\n", (active == "" ? "-" : sprintf("%.1f", active)), (notactive ? "left" : "stayed")
          printf "TRANS%s\n", trans }' "$file"
}

master_index() {
    local n id ipm i
    n="$(first_alive)"
    id="$(rest "$n" GET "/onos/v1/mastership/$DEV/master" | jq -r .nodeId)"
    ipm="$(rest "$n" GET /onos/v1/cluster | jq -r --arg id "$id" '.nodes[] | select(.id == $id) | .ip')"
    for i in $(seq "${#NODES[@]}"); do [ "$(ip_of "$i")" = "$ipm" ] && { echo "$i $id"; return; }; done
    echo "- $id"
}

# stop_phase LABEL INSTANCE MASTER_ID: stops it, keeps fwd's rules alive while the stop runs,
# rounds at +5 s and every 2 s until +21 s after the stop command returned, failover figures
stop_phase() {
    local label="$1" k="$2" oldm="$3" surv keep ts tr
    surv="$(alive | grep -vx "$k" | head -1)"
    start_poller "$surv" "$TMP/poll-$label"
    ip netns exec "ct$RID-h1" ping -i 1 -W 1 10.0.0.2 >/dev/null 2>&1 &
    keep=$!
    BG_PIDS+=("$keep")
    ts=$(now)
    stop_instance "$k"
    tr=$(now)
    ROUND_T0="$tr"
    log "stop command of instance $k returned after $(dt "$ts" "$tr") s"
    # fwd's idle timeout is 10 s: ping once a second (not captured) until the first round
    sleep "$(awk -v a="$tr" -v b="$(now)" 'BEGIN { d = a + 4.3 - b; print (d > 0 ? d : 0) }')"
    kill "$keep" 2>/dev/null; wait "$keep" 2>/dev/null
    rounds_every "$label" 5 2 21
    ROUND_T0=""
    # REST of the stopped instance
    local gone="still answering"
    rest "$k" GET /onos/v1/cluster >/dev/null 2>&1 || gone="not answering"
    stop_poller
    local rep moved newm active how
    rep="$(poll_report "$TMP/poll-$label" "$ts" "$oldm" "$label")"
    read -r _ moved newm before <<<"$(grep '^MOVED' <<<"$rep")"
    read -r _ active how <<<"$(grep '^ACTIVE' <<<"$rep")"
    echo "      times from the stop command's start; instance $k stop command took $(dt "$ts" "$tr") s; its REST is $gone; flow status seen from instance $surv:$(grep '^TRANS' <<<"$rep" | cut -c6-)"
    if [ "$oldm" = "-" ]; then
        :
    elif [ "$moved" != "-" ]; then
        pass "$label: mastership $oldm -> $newm seen at +$moved s after the stop was issued (previous sample +$before s; the stop command returned at +$(dt "$ts" "$tr") s)"
    else
        fail "$label: mastership did not move from $oldm (seen from instance $surv)"
    fi
    if [ "$active" != "-" ]; then
        pass "$label: tap flow ACTIVE at +$active s after the stop was issued ($([ "$how" = stayed ] && echo "stayed ACTIVE throughout" || echo "it left ACTIVE in between: see the status line above"))"
    else
        fail "$label: tap flow not ACTIVE again (last: $(tail -1 "$TMP/poll-$label" | cut -d' ' -f3))"
    fi
}

# ---- concurrency, maps, cleanup

# Two requests of which one only may succeed, each POSTed to another instance at the same
# moment, for every pair of instances: one 201, one 409, one tap service made.
# Args: what (text), body for the first, body for the second, jq filter giving the ids made.
concurrent_post() {
    local what="$1" body_a="$2" body_b="$3" made="$4"
    local a b codes created ids i
    local al=()
    mapfile -t al < <(alive)
    local pairs=()
    for ((i = 0; i < ${#al[@]}; i++)); do pairs+=("${al[$i]} ${al[$(((i + 1) % ${#al[@]}))]}"); done
    [ "${#al[@]}" = 2 ] && pairs=("${pairs[0]}")
    for p in "${pairs[@]}"; do
        read -r a b <<<"$p"
        local posts=()
        for x in "$a" "$b"; do
            local body="$body_a"
            [ "$x" = "$b" ] && body="$body_b"
            curl -s -m 20 -o "$TMP/post-$x.json" -w '%{http_code}' -u "$ONOS_USER:$ONOS_PASSWORD" -X POST \
                -H 'Content-Type: application/json' -d "$body" "http://$(ip_of "$x"):8181/onos/taas/tap-services" \
                >"$TMP/code-$x" &
            posts+=($!)
        done
        wait "${posts[@]}"
        codes="$(cat "$TMP/code-$a") $(cat "$TMP/code-$b")"
        ids="$(rest "$a" GET /onos/taas/tap-services | jq -r "$made")"
        mapfile -t -O "${#EXTRA_SVCS[@]}" EXTRA_SVCS <<<"$ids"
        created=$(grep -c . <<<"$ids")
        check "$([ "$(tr ' ' '\n' <<<"$codes" | sort | tr '\n' ' ')" = "201 409 " ] && [ "$created" = 1 ]; echo $?)" \
            "$what to instances $a and $b at once: HTTP $codes, $created tap service(s) made"
        for id in $ids; do rest "$a" DELETE "/onos/taas/tap-services/$id" >/dev/null; done
        EXTRA_SVCS=()
    done
}

maps_check() {
    local n out m missing
    for n in $(alive); do
        out="$(cli "$n" maps 2>&1)"
        missing=""
        for m in onos-taas-port-uses onos-taas-transport-hops onos-taas-transport-sources onos-taas-tunnel-keys; do
            grep -q "$m" <<<"$out" || missing="$missing $m"
        done
        check "$([ -z "$missing" ]; echo $?)" "instance $n 'maps' lists onos-taas-port-uses, -transport-hops, -transport-sources, -tunnel-keys${missing:+; missing:$missing}"
    done
}

app_rules_on_switch() {
    local c cnt=0
    for c in $(ofctl dump-flows "$BR" 2>/dev/null | grep -o 'cookie=0x[0-9a-f]*' | cut -d= -f2); do
        [ $(( (c >> 48) & 0xffff )) = "$APP_NUM" ] && cnt=$((cnt + 1))
    done
    echo "$cnt"
}
groups_on_switch() { ofctl dump-groups "$BR" 2>/dev/null | grep -c 'group_id='; }

cleanup_check() {
    local n t0 r g before_r before_g onos_r onos_g
    n="$(first_alive)"
    before_r=$(app_rules_on_switch); before_g=$(groups_on_switch)
    t0=$(now)
    rest "$n" DELETE "/onos/taas/tap-flows/$FLOW_ID" >/dev/null || fail "DELETE tap-flow"
    rest "$n" DELETE "/onos/taas/tap-services/$SVC_ID" >/dev/null || fail "DELETE tap-service"
    SVC_ID=""; FLOW_ID=""
    local t_sw="" t_onos=""
    for _ in $(seq 120); do
        r=$(app_rules_on_switch); g=$(groups_on_switch)
        [ "$r" = 0 ] && [ "$g" = 0 ] && [ -z "$t_sw" ] && t_sw="$(dt "$t0" "$(now)")"
        # ONOS keeps a deleted group PENDING_DELETE until its next group poll (every 10 s)
        onos_r="$(rest "$n" GET "/onos/v1/flows/$DEV" | jq --arg a "$APP" '[.flows[] | select(.appId == $a)] | length')"
        onos_g="$(rest "$n" GET "/onos/v1/groups/$DEV" | jq --arg a "$APP" '[.groups[] | select(.appId == $a)] | length')"
        [ "$onos_r" = 0 ] && [ "$onos_g" = 0 ] && [ -z "$t_onos" ] && t_onos="$(dt "$t0" "$(now)")"
        [ -n "$t_sw" ] && [ -n "$t_onos" ] && break
        sleep 0.5
    done
    [ "$onos_g" = 0 ] || echo "      ONOS's groups of the app: $(rest "$n" GET "/onos/v1/groups/$DEV" | jq -c --arg a "$APP" '[.groups[] | select(.appId == $a) | .state]')"
    local left
    left="$(rest "$n" GET /onos/taas/tap-services | jq '.tapServices | length') services, $(rest "$n" GET /onos/taas/tap-flows | jq '.tapFlows | length') flows"
    check "$([ "$r" = 0 ] && [ "$g" = 0 ] && [ "$onos_r" = 0 ] && [ "$onos_g" = 0 ]; echo $?)" \
        "after deleting everything ($left left): switch has $r rules with the app's cookie (app id $APP_NUM; $before_r before) and $g groups ($before_g before), ONOS $onos_r rules / $onos_g groups of the app (switch clean at +${t_sw:-?} s, ONOS at +${t_onos:-?} s)"
}

# ---- main

prepare
log "instances: ${NODES[*]} (run $RID)"
build_and_install
start_ovs
warm_up
create_taps
round baseline

read -r M MID <<<"$(master_index)"
[ "$M" != "-" ] || { fail "master $MID of $DEV is not one of ONOS_NODES"; exit 1; }
echo "      master of $DEV: $MID (instance $M)"
echo "== (a) graceful stop of the master, instance $M"
stop_phase "a-stop-master" "$M" "$MID"
round "a-after"

if [ -z "$ONOS_START_CMD" ]; then
    echo "SKIP  cluster  (b) restart and (c) rolling restart: ONOS_START_CMD is not set"
else
    echo "== (b) restart of instance $M"
    start_instance "$M" && { round "b-restarted #1"; round "b-restarted #2"; round "b-restarted #3"; }
    echo "== (c) rolling restart of all instances"
    for i in $(seq "${#NODES[@]}"); do
        read -r M MID <<<"$(master_index)"
        echo "      instance $i; master of $DEV: $MID (instance $M)"
        if [ "$i" = "$M" ]; then
            stop_phase "c-stop-$i(master)" "$i" "$MID"
        else
            stop_phase "c-stop-$i" "$i" "-"
        fi
        start_instance "$i" || break
        round "c-restarted-$i #1"; round "c-restarted-$i #2"; round "c-restarted-$i #3"
    done
fi

echo "== concurrent POST, maps, clean-up"
maps_check
concurrent_post "same POST /tap-services (port 4)" "{\"name\":\"ct-dup\",\"port\":\"$DEV/4\"}" \
    "{\"name\":\"ct-dup\",\"port\":\"$DEV/4\"}" ".tapServices[] | select(.port == \"$DEV/4\") | .id"
concurrent_post "two GRE tap services sharing key 7 at collector 192.0.2.77" \
    '{"name":"ct-gre-a","tunnel":{"type":"gre","remoteIp":"192.0.2.77","inKey":7,"outKey":8}}' \
    '{"name":"ct-gre-b","tunnel":{"type":"gre","remoteIp":"192.0.2.77","inKey":9,"outKey":7}}' \
    '.tapServices[] | select(.tunnel.remoteIp == "192.0.2.77") | .id'
cleanup_check
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
