#!/usr/bin/env bash
# OpenStack's own TaaS clients against the Neutron-compatible API (/onos/taas/v2.0): the
# seed's two commands verbatim,
#     neutron tap-service-create --name NAME --port DESTINATION_PORT
#     neutron tap-flow-create --name NAME --port SOURCE_PORT --tap-service NAME --direction BOTH
# then create, list, show, update and delete through both `neutron tap-...` and
# `openstack tap ...`, what the analyzer receives (exact copy counts), and what the clients
# print on errors (unknown port, unknown tap service, bad direction, port in use, bad VLAN
# filter). One PASS/FAIL line per check, then `N passed, M failed`; exit status 0 only if
# every check passed. Installs python3-neutronclient, python3-openstackclient and
# python3-neutron-taas with apt when missing. The clients authenticate with HTTP basic:
#     OS_AUTH_TYPE=http_basic OS_USERNAME=onos OS_PASSWORD=rocks OS_ENDPOINT=<base URL>
#
#   tools/openstack-smoke.sh          the REST sandbox: starts `tools/onos-test.sh sandbox
#                                     scenarios/rest-demo.scn` at SANDBOX_REST_URI (default
#                                     http://127.0.0.1:8181/onos/taas/; fails at once if that
#                                     address is taken), adds a VM-like OVS port
#                                     tap<first 11 characters of a Neutron port id> with a host
#                                     behind it, stops the sandbox at the end. Needs root.
#   tools/openstack-smoke.sh --onos   a running ONOS with the application installed:
#       ONOS_URL        (http://127.0.0.1:8181), ONOS_USER / ONOS_PASSWORD (onos / rocks)
#       OS_TAP_PORT     required: the analyzer's port, a connect point or an OVS interface name
#       OS_SOURCE_PORT  required: a mirrored port (BOTH), connect point or interface name
#       OS_REMOTE_PORT  optional: a port on another switch (OUT)
#       OS_VM_PORT_ID   optional: a Neutron port id whose OVS port tap/qvo<first 11 chars>
#                       ONOS knows (OUT)
#       ANALYZER_NETNS, SOURCE_NETNS, PING_TARGET  optional: namespaces of the hosts on
#                       OS_TAP_PORT and OS_SOURCE_PORT and an address the source can ping:
#                       then the copies are counted (else those checks are skipped), with
#                       REMOTE_NETNS / VM_NETNS for the optional ports.
#     The tap services and flows it made are deleted on exit, even after a failure.
# Environment: MVN_ARGS (passed on), SMOKE_START_TIMEOUT (seconds, default 180),
# ACTIVE_TIMEOUT (seconds to wait for ACTIVE, default 40).

set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE=sandbox
if [ "${1:-}" = "--onos" ]; then MODE=onos; shift; fi
[ "$#" -eq 0 ] || { echo "usage: tools/openstack-smoke.sh [--onos]" >&2; exit 2; }

if [ "$MODE" = onos ]; then
    BASE="${ONOS_URL:-http://127.0.0.1:8181}"
    API="${BASE%/}/onos/taas"
    USER_NAME="${ONOS_USER:-onos}"; USER_PASSWORD="${ONOS_PASSWORD:-rocks}"
else
    REST_URI="${SANDBOX_REST_URI:-http://127.0.0.1:8181/onos/taas/}"
    API="${REST_URI%/}"
    USER_NAME=onos; USER_PASSWORD=rocks
fi
AUTH=(-u "$USER_NAME:$USER_PASSWORD")
CLIENT_PACKAGES=(python3-neutronclient python3-openstackclient python3-neutron-taas)
WORK="$(mktemp -d /tmp/taas-os-smoke.XXXXXX)"
SANDBOX_PID=""
SANDBOX_STARTED=""
TCPDUMP_PID=""
VM_NS=""
CREATED_SERVICES=()
PASSED=0
FAILED=0
SKIPPED=0

pass() { PASSED=$((PASSED + 1)); printf 'PASS  openstack-smoke  %s\n' "$*"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL  openstack-smoke  %s\n' "$*"; }
skip() { SKIPPED=$((SKIPPED + 1)); printf 'SKIP  openstack-smoke  %s\n' "$*"; }
check() { # check DESCRIPTION EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then pass "$1: $3"; else fail "$1: got '$3', expected '$2'"; fi
}
indent() { sed 's/^/      /' "$@"; }

# shellcheck source=tools/sandbox-process.sh
. "$ROOT/tools/sandbox-process.sh"

finish() {
    [ -n "$TCPDUMP_PID" ] && kill "$TCPDUMP_PID" 2>/dev/null
    # on a real ONOS: whatever this run created goes (a tap service takes its flows along)
    local id
    for id in "${CREATED_SERVICES[@]}"; do
        curl -s -o /dev/null "${AUTH[@]}" -X DELETE "$API/v2.0/taas/tap_services/$id"
    done
    [ -n "$VM_NS" ] && ip netns del "$VM_NS" 2>/dev/null
    stop_sandbox
    if [ "$FAILED" -eq 0 ] || [ -z "$SANDBOX_STARTED" ]; then rm -rf "$WORK"
    else echo "   (sandbox output, client output and captures kept in $WORK)"; fi
}
trap finish EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" -eq 0 ] || { echo "openstack-smoke.sh: needs root (apt, namespaces)" >&2; exit 2; }

# --- the clients -------------------------------------------------------------------------
clients_present() {
    command -v neutron >/dev/null 2>&1 && command -v openstack >/dev/null 2>&1 \
        && command -v curl >/dev/null 2>&1 \
        && /usr/bin/python3 -c 'import neutron_taas.taas_client.tapflow, neutron_taas.taas_client.osc.tap_flow' \
            >/dev/null 2>&1
}
if ! clients_present; then
    echo ">>> installing ${CLIENT_PACKAGES[*]} curl" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >"$WORK/apt.log" 2>&1
    apt-get install -y -q "${CLIENT_PACKAGES[@]}" curl >>"$WORK/apt.log" 2>&1
fi
if clients_present; then
    pass "OpenStack clients present: $(neutron --version 2>&1 | tail -1 | tr -d '\n') (neutron), $(openstack --version 2>&1 | tr -d '\n')"
else
    fail "the OpenStack clients could not be installed:"; tail -20 "$WORK/apt.log" | indent
    echo "$PASSED passed, $FAILED failed"
    exit 1
fi

# every client call: HTTP basic against the base URL, no other OpenStack configuration
for v in $(compgen -e | grep '^OS_'); do
    case "$v" in OS_TAP_PORT|OS_SOURCE_PORT|OS_REMOTE_PORT|OS_VM_PORT_ID) ;; *) unset "$v";; esac
done
export OS_AUTH_TYPE=http_basic OS_USERNAME="$USER_NAME" OS_PASSWORD="$USER_PASSWORD" OS_ENDPOINT="$API"

# client CMD...: runs a client; its output (without the neutron CLI's deprecation notice) in
# $WORK/out, its exit status in $RC
client() {
    "$@" >"$WORK/out.raw" 2>&1
    RC=$?
    grep -v '^neutron CLI is deprecated' "$WORK/out.raw" >"$WORK/out"
    printf '$ %s\n' "$*" >>"$WORK/clients.log"
    cat "$WORK/out" >>"$WORK/clients.log"
}
# ok DESCRIPTION CMD...: the client succeeds
ok() {
    local what="$1"; shift
    client "$@"
    if [ "$RC" -eq 0 ]; then pass "$what"; else fail "$what: exit status $RC:"; indent "$WORK/out"; fi
}
# refused DESCRIPTION STATUS LINE CMD...: the client fails with that exit status and prints LINE
refused() {
    local what="$1" status="$2" line="$3"; shift 3
    client "$@"
    if [ "$RC" -eq "$status" ] && grep -Fxq -- "$line" "$WORK/out"; then
        pass "$what: exit $RC, prints: $line"
    else
        fail "$what: exit status $RC (expected $status), expected the line '$line' in:"; indent "$WORK/out"
    fi
}
# refused_with DESCRIPTION STATUS PREFIX CMD...: as refused, for a line that starts with PREFIX
# (the server's message, whose tail names objects)
refused_with() {
    local what="$1" status="$2" prefix="$3" line; shift 3
    client "$@"
    line="$(grep -F -m1 -- "$prefix" "$WORK/out")"
    if [ "$RC" -eq "$status" ] && [ "${line#"$prefix"}" != "$line" ]; then
        pass "$what: exit $RC, prints: $line"
    else
        fail "$what: exit status $RC (expected $status), expected a line starting '$prefix' in:"; indent "$WORK/out"
    fi
}
# table FIELD: a field of the neutron CLI's "Field | Value" table in $WORK/out
table() { awk -F'|' -v f="$1" '{k = $2; gsub(/^ +| +$/, "", k); v = $3; gsub(/^ +| +$/, "", v)} k == f {print v; exit}' "$WORK/out"; }

# curl helpers: body into $WORK/body, status on stdout
req() { # req METHOD PATH [BODY]
    if [ -n "${3:-}" ]; then
        curl -s -o "$WORK/body" -w '%{http_code}' "${AUTH[@]}" -X "$1" -H 'Content-Type: application/json' \
            "$API$2" -d "$3"
    else
        curl -s -o "$WORK/body" -w '%{http_code}' "${AUTH[@]}" -X "$1" "$API$2"
    fi
}
field() { /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    d = d[int(k)] if isinstance(d, list) else d.get(k)
    if d is None: break
print("" if d is None else (len(d) if isinstance(d, list) else d))' "$WORK/body" "$1" 2>/dev/null; }
port_id() { # port_id NAME: the id /v2.0/ports gives the port with that name (connect point or port name)
    req GET "/v2.0/ports?name=$(/usr/bin/python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1")&fields=id" >/dev/null
    field ports.0.id
}
counts() { # counts: "services flows" now in the store
    req GET "/v2.0/taas/tap_services?fields=id" >/dev/null; local s; s="$(field tap_services)"
    req GET "/v2.0/taas/tap_flows?fields=id" >/dev/null; echo "$s $(field tap_flows)"
}

# --- the API to drive ------------------------------------------------------------------------
if [ "$MODE" = sandbox ]; then
    hostport="${REST_URI#*://}"; hostport="${hostport%%/*}"
    REST_HOST="${hostport%:*}"; REST_PORT="${hostport##*:}"
    taken="$(ss -Hltn "sport = :$REST_PORT" 2>/dev/null | awk -v h="$REST_HOST" '{a = $4; sub(/:[0-9]+$/, "", a)}
        a == h || a == "[" h "]" || a == "0.0.0.0" || a == "*" || a == "[::]" || a == "[::ffff:" h "]" {print $4}' \
        | sort -u | tr '\n' ' ')"
    if [ -n "$taken" ]; then
        fail "$REST_HOST:$REST_PORT is already in use (listening: ${taken% }): a real ONOS or another REST sandbox holds it; stop it first, set SANDBOX_REST_URI to another address, or use --onos"
        echo "$PASSED passed, $FAILED failed"
        exit 1
    fi
    SANDBOX_REST_URI="$REST_URI" "$ROOT/tools/onos-test.sh" sandbox "$ROOT/scenarios/rest-demo.scn" \
        >"$WORK/sandbox.out" 2>&1 &
    SANDBOX_PID=$!
    SANDBOX_STARTED=1
    deadline=$((SECONDS + ${SMOKE_START_TIMEOUT:-180}))
    until grep -q '^ready$' "$WORK/sandbox.out"; do
        if ! kill -0 "$SANDBOX_PID" 2>/dev/null || [ "$SECONDS" -gt "$deadline" ]; then
            fail "sandbox did not print ready:"; indent "$WORK/sandbox.out"
            SANDBOX_PID=""
            echo "$PASSED passed, $FAILED failed"
            exit 1
        fi
        sleep 0.5
    done
    pass "sandbox ready at $API ($(grep -c '^   host ' "$WORK/sandbox.out") hosts)"
    ns() { awk -v h="$1" '$1 == "host" && $2 == h { print $NF }' "$WORK/sandbox.out"; }
    NS1="$(ns h1)"; NS3="$(ns h3)"; NS4="$(ns h4)"
    RUN="${NS1#taas-}"; RUN="${RUN%-h1}"
    OVS_NS="taas-$RUN-ovs-sw"
    OVS_DIR="$(sed -n 's/^>>> private .* in \(\/tmp\/taas-ovs\.[A-Za-z0-9]*\), netns .*/\1/p' "$WORK/sandbox.out" | head -1)"
    TAP_PORT="of:0000000000000001/3"     # h3, the analyzer (a connect point)
    SOURCE_PORT="t$RUN-h1"               # h1, by its OVS interface name
    REMOTE_PORT="of:0000000000000002/1"  # h4, behind the link (by its port id below)
    ANALYZER_NETNS="$NS3"; SOURCE_NETNS="$NS1"; REMOTE_NETNS="$NS4"; PING_TARGET=10.0.0.2
    NAME_SVC=analyzer; NAME_SRC=h1; NAME_REMOTE=h4; NAME_VM=vm1

    # a VM as OpenStack plugs it into OVS: its port is tap + the first 11 characters of
    # the Neutron port id; a host behind it (10.0.0.9)
    VM_PORT_ID="9f1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d"
    VM_IF="tap${VM_PORT_ID:0:11}"
    VM_NS="taas-$RUN-vm1"
    vm_ok=1
    {
        ip netns add "$VM_NS" &&
        ip -n "$OVS_NS" link add "$VM_IF" type veth peer name eth0 netns "$VM_NS" &&
        ip netns exec "$OVS_NS" sysctl -qw "net.ipv6.conf.$VM_IF.disable_ipv6=1" &&
        ip netns exec "$OVS_NS" ethtool -K "$VM_IF" tx off &&
        ip -n "$OVS_NS" link set "$VM_IF" up &&
        ip netns exec "$VM_NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 &&
        ip netns exec "$VM_NS" ethtool -K eth0 tx off &&
        ip -n "$VM_NS" link set eth0 address 00:00:00:00:00:09 &&
        ip -n "$VM_NS" addr add 10.0.0.9/24 dev eth0 &&
        ip -n "$VM_NS" link set eth0 up &&
        ip -n "$VM_NS" neigh replace 10.0.0.2 lladdr 00:00:00:00:00:02 dev eth0 nud permanent &&
        OVS_RUNDIR="$OVS_DIR" ovs-vsctl --timeout=20 add-port "t${RUN}s1" "$VM_IF" -- \
            set interface "$VM_IF" ofport_request=20
    } >"$WORK/vm.log" 2>&1 || vm_ok=0
    VM_NETNS="$VM_NS"
    if [ "$vm_ok" = 1 ]; then
        pass "VM port $VM_IF (Neutron port $VM_PORT_ID) added to switch 1 as port 20"
    else
        fail "cannot add the VM port $VM_IF:"; indent "$WORK/vm.log"; VM_PORT_ID=""
    fi
else
    if ! curl -s -o /dev/null --max-time 5 "$BASE"; then
        fail "nothing answers at $BASE (ONOS_URL)"; echo "$PASSED passed, $FAILED failed"; exit 1
    fi
    status="$(req GET /v2.0/ports)"
    if [ "$status" != 200 ] || [ -z "$(field ports)" ]; then
        fail "GET $API/v2.0/ports gave HTTP $status, not the Neutron-compatible API: is the application (with its web bundle) installed and active? $(head -c 300 "$WORK/body")"
        echo "$PASSED passed, $FAILED failed"; exit 1
    fi
    pass "ONOS at $BASE serves the Neutron-compatible API ($(field ports) edge ports)"
    [ -n "${OS_TAP_PORT:-}" ] && [ -n "${OS_SOURCE_PORT:-}" ] \
        || { fail "--onos needs OS_TAP_PORT and OS_SOURCE_PORT (connect points or OVS interface names)";
             echo "$PASSED passed, $FAILED failed"; exit 1; }
    TAP_PORT="$OS_TAP_PORT"; SOURCE_PORT="$OS_SOURCE_PORT"; REMOTE_PORT="${OS_REMOTE_PORT:-}"
    VM_PORT_ID="${OS_VM_PORT_ID:-}"
    ANALYZER_NETNS="${ANALYZER_NETNS:-}"; SOURCE_NETNS="${SOURCE_NETNS:-}"; PING_TARGET="${PING_TARGET:-}"
    REMOTE_NETNS="${REMOTE_NETNS:-}"; VM_NETNS="${VM_NETNS:-}"
    # names of their own, so that name lookups find only this run's objects
    NAME_SVC="analyzer-$$"; NAME_SRC="src-$$"; NAME_REMOTE="remote-$$"; NAME_VM="vm-$$"
fi
read -r SVC0 FLOW0 < <(counts)

# --- ports -------------------------------------------------------------------------------------
check "GET /v2.0/ports" 200 "$(req GET /v2.0/ports)"
if [ "$MODE" = sandbox ]; then
    check "edge ports listed (h1, h2, h3, h4, the VM; no LOCAL, no link port)" 5 "$(field ports)"
fi
TAP_UUID="$(port_id "$TAP_PORT")"
SOURCE_UUID="$(port_id "$SOURCE_PORT")"
[ -n "$TAP_UUID" ] && pass "port $TAP_PORT has id $TAP_UUID" || fail "no port named $TAP_PORT in /v2.0/ports"
[ -n "$SOURCE_UUID" ] && pass "port $SOURCE_PORT has id $SOURCE_UUID" || fail "no port named $SOURCE_PORT in /v2.0/ports"
if [ -z "$TAP_UUID" ] || [ -z "$SOURCE_UUID" ]; then
    echo "   (the edge ports: $(req GET '/v2.0/ports?fields=name&fields=onos:port_name' >/dev/null; cat "$WORK/body"))"
    echo "$PASSED passed, $FAILED failed"
    exit 1
fi
REMOTE_UUID=""
if [ -n "$REMOTE_PORT" ]; then
    REMOTE_UUID="$(port_id "$REMOTE_PORT")"
    [ -n "$REMOTE_UUID" ] && pass "port $REMOTE_PORT has id $REMOTE_UUID" || fail "no port named $REMOTE_PORT"
fi
VM_UUID=""
if [ -n "$VM_PORT_ID" ]; then
    for _ in $(seq 30); do
        req GET "/v2.0/ports?id=$VM_PORT_ID" >/dev/null
        VM_UUID="$(field ports.0.id)"; [ -n "$VM_UUID" ] && break; sleep 0.2
    done
    check "Neutron port $VM_PORT_ID resolves (?id=) to the port named" "tap${VM_PORT_ID:0:11}" \
        "$(field "ports.0.onos:port_name")"
fi

# --- the seed's two commands, verbatim -----------------------------------------------------------
ok "neutron tap-service-create --name $NAME_SVC --port $TAP_PORT" \
    neutron tap-service-create --name "$NAME_SVC" --port "$TAP_PORT"
SVC="$(table id)"
[ -n "$SVC" ] && CREATED_SERVICES+=("$SVC")
check "  it prints the new tap service's port_id" "$TAP_UUID" "$(table port_id)"
ok "neutron tap-flow-create --name $NAME_SRC --port $SOURCE_PORT --tap-service $NAME_SVC --direction BOTH" \
    neutron tap-flow-create --name "$NAME_SRC" --port "$SOURCE_PORT" --tap-service "$NAME_SVC" --direction BOTH
FLOW1="$(table id)"
check "  it prints the tap flow's source_port" "$SOURCE_UUID" "$(table source_port)"
check "  and its tap_service_id" "$SVC" "$(table tap_service_id)"

# --- the same with openstack -------------------------------------------------------------------
FLOW4=""
if [ -n "$REMOTE_UUID" ]; then
    ok "openstack tap flow create --name $NAME_REMOTE --port $REMOTE_UUID --tap-service $SVC --direction OUT" \
        openstack tap flow create --name "$NAME_REMOTE" --port "$REMOTE_UUID" --tap-service "$SVC" \
        --direction OUT -f value -c ID
    FLOW4="$(head -1 "$WORK/out")"
fi
FLOWVM=""
if [ -n "$VM_UUID" ]; then
    ok "openstack tap flow create --name $NAME_VM --port $VM_PORT_ID (a Neutron port id) --tap-service $NAME_SVC --direction OUT" \
        openstack tap flow create --name "$NAME_VM" --port "$VM_PORT_ID" --tap-service "$NAME_SVC" \
        --direction OUT -f json
    FLOWVM="$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ID"])' "$WORK/out" 2>/dev/null)"
    check "  its source_port is the VM's OVS port" "$VM_UUID" \
        "$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["source_port"])' "$WORK/out" 2>/dev/null)"
fi

# the native API sees the same objects
req GET "/tap-services/$SVC" >/dev/null
check "native GET /tap-services/{id}: the same tap service, port as a connect point" \
    "$NAME_SVC $(req GET "/v2.0/ports/$TAP_UUID" >/dev/null; field port.name)" \
    "$(req GET "/tap-services/$SVC" >/dev/null; echo "$(field name) $(field port)")"

# --- ACTIVE ---------------------------------------------------------------------------------------
want=1
[ -n "$FLOW4" ] && want=$((want + 1))
[ -n "$FLOWVM" ] && want=$((want + 1))
states=""
deadline=$((SECONDS + ${ACTIVE_TIMEOUT:-40}))
while :; do
    req GET "/v2.0/taas/tap_flows?tap_service_id=$SVC&fields=status" >/dev/null
    states="$(/usr/bin/python3 -c 'import json,sys; print(" ".join(sorted(f["status"] for f in json.load(open(sys.argv[1]))["tap_flows"])))' "$WORK/body" 2>/dev/null)"
    [ -n "$states" ] && [ -z "$(echo "$states" | tr ' ' '\n' | grep -v '^ACTIVE$')" ] && break
    [ "$SECONDS" -gt "$deadline" ] && break
    sleep 0.5
done
check "every tap flow of the service ACTIVE" "$(printf 'ACTIVE %.0s' $(seq "$want") | sed 's/ $//')" "$states"
client openstack tap service show "$NAME_SVC" -f value -c Status
check "openstack tap service show $NAME_SVC -f value -c Status" ACTIVE "$(head -1 "$WORK/out")"

# --- traffic -------------------------------------------------------------------------------------
capture() { # capture NS FILE: what the host receives, until stop_capture
    ip netns exec "$1" tcpdump -i eth0 -Q in -n -U --immediate-mode -w "$2" >"$WORK/tcpdump.err" 2>&1 &
    TCPDUMP_PID=$!
    for _ in $(seq 50); do grep -q listening "$WORK/tcpdump.err" && break; sleep 0.1; done
}
stop_capture() { sleep 0.5; kill -INT "$TCPDUMP_PID" 2>/dev/null; wait "$TCPDUMP_PID" 2>/dev/null; TCPDUMP_PID=""; }
count() { tcpdump -r "$1" -n "$2" 2>/dev/null | wc -l; }
ping_from() { # ping_from NS COUNT: pings PING_TARGET; prints the number of replies received
    ip netns exec "$1" ping -n -q -c "$2" -i 0.05 -W 1 "$PING_TARGET" 2>/dev/null \
        | sed -n 's/.* \([0-9]*\) received.*/\1/p'
}
src_ip() { ip -n "$1" -4 -o addr show dev eth0 2>/dev/null | awk '{sub(/\/.*/, "", $4); print $4; exit}'; }
TRAFFIC=1
if [ -z "$ANALYZER_NETNS" ] || [ -z "$SOURCE_NETNS" ] || [ -z "$PING_TARGET" ]; then
    TRAFFIC=0
    skip "copy counts: give ANALYZER_NETNS, SOURCE_NETNS and PING_TARGET to count what the analyzer receives"
fi
if [ "$TRAFFIC" = 1 ]; then
    SRC_IP="$(src_ip "$SOURCE_NETNS")"
    capture "$ANALYZER_NETNS" "$WORK/c1.pcap"
    replies="$(ping_from "$SOURCE_NETNS" 5)"
    [ -n "$FLOW4" ] && [ -n "$REMOTE_NETNS" ] && ping_from "$REMOTE_NETNS" 3 >/dev/null
    [ -n "$FLOWVM" ] && [ -n "$VM_NETNS" ] && ping_from "$VM_NETNS" 3 >/dev/null
    stop_capture
    check "analyzer: copies of $NAME_SRC's echo requests (BOTH: OUT)" 5 \
        "$(count "$WORK/c1.pcap" "icmp[icmptype] == icmp-echo and src $SRC_IP")"
    check "analyzer: copies of the replies $NAME_SRC received (BOTH: IN)" "${replies:-0}" \
        "$(count "$WORK/c1.pcap" "icmp[icmptype] == icmp-echoreply and dst $SRC_IP")"
    if [ -n "$FLOW4" ] && [ -n "$REMOTE_NETNS" ]; then
        check "analyzer: remote copies of $NAME_REMOTE's echo requests, untagged" 3 \
            "$(count "$WORK/c1.pcap" "icmp[icmptype] == icmp-echo and src $(src_ip "$REMOTE_NETNS") and not vlan")"
    fi
    if [ -n "$FLOWVM" ] && [ -n "$VM_NETNS" ]; then
        check "analyzer: copies of the VM's echo requests (tap flow made with the Neutron port id)" 3 \
            "$(count "$WORK/c1.pcap" "icmp[icmptype] == icmp-echo and src $(src_ip "$VM_NETNS")")"
    fi
    check "analyzer: nothing tagged" 0 "$(count "$WORK/c1.pcap" vlan)"
fi

# --- list / show --------------------------------------------------------------------------------
ok "neutron tap-service-list" neutron tap-service-list
grep -q " $SVC .* $NAME_SVC " "$WORK/out" && pass "  lists $NAME_SVC" || { fail "  $NAME_SVC not listed:"; indent "$WORK/out"; }
ok "openstack tap service list" openstack tap service list -f value -c ID -c Name -c Port
grep -Fxq "$SVC $NAME_SVC $TAP_UUID" "$WORK/out" && pass "  lists $SVC $NAME_SVC $TAP_UUID" \
    || { fail "  expected the line '$SVC $NAME_SVC $TAP_UUID' in:"; indent "$WORK/out"; }
ok "neutron tap-flow-list --tap-service-id $SVC" neutron tap-flow-list -F id -F name -F source_port --tap-service-id "$SVC"
grep -q "| $FLOW1 | $NAME_SRC *| $SOURCE_UUID |" "$WORK/out" && pass "  lists $FLOW1 $NAME_SRC on $SOURCE_UUID" \
    || { fail "  $NAME_SRC not listed as expected:"; indent "$WORK/out"; }
ok "openstack tap flow list" openstack tap flow list -f value -c Name -c Direction
for expect in "$NAME_SRC BOTH" ${FLOW4:+"$NAME_REMOTE OUT"} ${FLOWVM:+"$NAME_VM OUT"}; do
    grep -Fxq "$expect" "$WORK/out" && pass "  lists '$expect'" || { fail "  '$expect' not listed:"; indent "$WORK/out"; }
done
ok "neutron tap-service-show $NAME_SVC" neutron tap-service-show "$NAME_SVC"
check "  port_id" "$TAP_UUID" "$(table port_id)"
ok "openstack tap flow show $NAME_SRC" openstack tap flow show "$NAME_SRC" -f value -c Direction -c tap_service_id
check "  direction and tap service" "BOTH $SVC" "$(tr '\n' ' ' <"$WORK/out" | sed 's/ $//')"
ok "neutron tap-flow-show $FLOW1 (by id)" neutron tap-flow-show "$FLOW1" -f value -c name
check "  name" "$NAME_SRC" "$(head -1 "$WORK/out")"

# --- errors: what the clients print; nothing changes ---------------------------------------------
read -r s_before f_before < <(counts)
refused "neutron tap-service-create, unknown port" 1 "Unable to find port with name or id 'nosuchport'" \
    neutron tap-service-create --name x --port nosuchport
refused "openstack tap service create, unknown port" 1 "Unable to find port with name or id 'nosuchport'" \
    openstack tap service create --name x --port nosuchport
refused "neutron tap-flow-create, unknown port id" 1 \
    "Unable to find port with name or id '00000000-0000-4000-8000-000000000000'" \
    neutron tap-flow-create --port 00000000-0000-4000-8000-000000000000 --tap-service "$NAME_SVC" --direction IN
refused "neutron tap-flow-create, unknown tap service" 1 "Unable to find tap_service with name or id 'nosuch'" \
    neutron tap-flow-create --port "$TAP_PORT" --tap-service nosuch --direction IN
refused "openstack tap flow create, unknown tap service" 1 "Unable to find tap_service with name or id 'nosuch'" \
    openstack tap flow create --port "$SOURCE_PORT" --tap-service nosuch --direction IN
refused "neutron tap-service-show, unknown tap service" 1 "Unable to find tap_service with name or id 'nosuch'" \
    neutron tap-service-show nosuch
refused "openstack tap service delete, unknown tap service" 1 "Failed to delete 1 of 1 tap service." \
    openstack tap service delete nosuch
refused "neutron tap-flow-create, bad direction" 2 \
    "neutron tap-flow-create: error: argument --direction: invalid choice: 'SIDEWAYS' (choose from 'IN', 'OUT', 'BOTH')" \
    neutron tap-flow-create --port "$SOURCE_PORT" --tap-service "$NAME_SVC" --direction SIDEWAYS
refused "openstack tap flow create, bad direction" 2 \
    "openstack tap flow create: error: argument --direction: invalid choice: 'SIDEWAYS' (choose from 'IN', 'OUT', 'BOTH')" \
    openstack tap flow create --port "$SOURCE_PORT" --tap-service "$NAME_SVC" --direction SIDEWAYS
# the server's refusals, as the clients print NeutronError messages
TAP_CP="$(req GET "/v2.0/ports/$TAP_UUID" >/dev/null; field port.name)"
SOURCE_CP="$(req GET "/v2.0/ports/$SOURCE_UUID" >/dev/null; field port.name)"
refused_with "neutron tap-service-create, port already a tap service's" 1 \
    "port $TAP_CP is already the port of tap service $SVC" \
    neutron tap-service-create --name x --port "$TAP_PORT"
refused_with "openstack tap flow create, the tap port as a source (mirror loop)" 1 \
    "source_port $TAP_CP is the port of tap service $SVC" \
    openstack tap flow create --port "$TAP_PORT" --tap-service "$NAME_SVC" --direction IN
refused "neutron tap-flow-create, VLAN id out of range" 1 \
    "Invalid input for vlan_filter. Reason: invalid VLAN filter '4096': VLAN id 4096 is out of range 0..4095." \
    neutron tap-flow-create --port "$SOURCE_PORT" --tap-service "$NAME_SVC" --direction IN --vlan-filter 4096
refused_with "openstack tap flow create, duplicate of $NAME_SRC" 1 \
    "duplicate: tap flow $FLOW1 already mirrors BOTH of $SOURCE_CP" \
    openstack tap flow create --port "$SOURCE_PORT" --tap-service "$NAME_SVC" --direction BOTH
check "the refused commands changed nothing (tap services, tap flows)" "$s_before $f_before" "$(counts)"
# bad direction sent without the client's own check: Neutron's message
status="$(req POST /v2.0/taas/tap_flows '{"tap_flow":{"tap_service_id":"'"$SVC"'","source_port":"'"$SOURCE_UUID"'","direction":"SIDEWAYS"}}')"
check "POST direction SIDEWAYS: Neutron's 400 and message" \
    "400 HTTPBadRequest Invalid input for direction. Reason: 'SIDEWAYS' is not in ['IN', 'OUT', 'BOTH']." \
    "$status $(field NeutronError.type) $(field NeutronError.message)"

# --- update --------------------------------------------------------------------------------------
ok "neutron tap-service-update --name ids-$NAME_SVC $NAME_SVC" neutron tap-service-update --name "ids-$NAME_SVC" "$NAME_SVC"
NAME_SVC="ids-$NAME_SVC"
ok "openstack tap service update --description 'IDS on the tap port' $NAME_SVC" \
    openstack tap service update --description "IDS on the tap port" "$NAME_SVC" -f value -c Name
ok "neutron tap-flow-update --name web-$NAME_SRC $NAME_SRC" neutron tap-flow-update --name "web-$NAME_SRC" "$NAME_SRC"
NAME_SRC="web-$NAME_SRC"
if [ -n "$FLOWVM" ]; then
    ok "openstack tap flow update --description 'a VM' $NAME_VM" openstack tap flow update --description "a VM" "$NAME_VM"
fi
req GET "/tap-services/$SVC" >/dev/null
check "native API: the tap service's new name and description" "$NAME_SVC / IDS on the tap port" \
    "$(field name) / $(field description)"
req GET "/tap-flows/$FLOW1" >/dev/null
check "native API: the tap flow's new name, direction unchanged" "$NAME_SRC BOTH" "$(field name) $(field direction)"
status="$(req PUT "/v2.0/taas/tap_flows/$FLOW1" '{"tap_flow":{"direction":"OUT"}}')"
check "PUT direction: read-only in Neutron, refused" "400 Cannot update read-only attribute direction" \
    "$status $(field NeutronError.message)"

# --- delete ----------------------------------------------------------------------------------------
ok "neutron tap-flow-delete $NAME_SRC" neutron tap-flow-delete "$NAME_SRC"
if [ -n "$FLOWVM" ]; then ok "openstack tap flow delete $NAME_VM" openstack tap flow delete "$NAME_VM"; fi
check "GET the deleted tap flow: Neutron's 404" "404 TapFlowNotFound" \
    "$(req GET "/v2.0/taas/tap_flows/$FLOW1") $(field NeutronError.type)"
if [ "$TRAFFIC" = 1 ]; then
    sleep 1
    capture "$ANALYZER_NETNS" "$WORK/c2.pcap"
    ping_from "$SOURCE_NETNS" 3 >/dev/null
    [ -n "$FLOW4" ] && [ -n "$REMOTE_NETNS" ] && ping_from "$REMOTE_NETNS" 3 >/dev/null
    [ -n "$FLOWVM" ] && [ -n "$VM_NETNS" ] && ping_from "$VM_NETNS" 3 >/dev/null
    stop_capture
    check "after the flow delete: no copy of $NAME_SRC's traffic" 0 \
        "$(count "$WORK/c2.pcap" "icmp and host $SRC_IP")"
    if [ -n "$FLOWVM" ] && [ -n "$VM_NETNS" ]; then
        check "after the flow delete: no copy of the VM's requests" 0 \
            "$(count "$WORK/c2.pcap" "icmp[icmptype] == icmp-echo and src $(src_ip "$VM_NETNS")")"
    fi
    if [ -n "$FLOW4" ] && [ -n "$REMOTE_NETNS" ]; then
        check "the remaining tap flow still copies $NAME_REMOTE's requests" 3 \
            "$(count "$WORK/c2.pcap" "icmp[icmptype] == icmp-echo and src $(src_ip "$REMOTE_NETNS")")"
    fi
fi
ok "openstack tap service delete $NAME_SVC" openstack tap service delete "$NAME_SVC"
[ "$RC" -eq 0 ] && CREATED_SERVICES=()
check "no tap service or flow left of this run" "$SVC0 $FLOW0" "$(counts)"
client neutron tap-flow-list -f value -c id
check "neutron tap-flow-list: none left of this run" 0 "$(grep -c -e "$FLOW1" ${FLOW4:+-e "$FLOW4"} "$WORK/out")"
if [ "$TRAFFIC" = 1 ]; then
    sleep 1
    capture "$ANALYZER_NETNS" "$WORK/c3.pcap"
    ping_from "$SOURCE_NETNS" 3 >/dev/null
    [ -n "$REMOTE_NETNS" ] && ping_from "$REMOTE_NETNS" 3 >/dev/null
    stop_capture
    check "after the tap service delete: the analyzer gets no copies" 0 "$(count "$WORK/c3.pcap" icmp)"
fi

# --- stop ------------------------------------------------------------------------------------------
if [ "$MODE" = sandbox ]; then
    ip netns del "$VM_NS" 2>/dev/null; VM_NS=""
    if stop_sandbox; then pass "sandbox stopped on SIGTERM"; else fail "sandbox did not stop within 30 s of SIGTERM"; fi
    left="$(ip netns list 2>/dev/null | awk '{print $1}' | grep -c "^taas-$RUN-")"
    check "namespaces left behind" 0 "$left"
fi
echo "   ($SECONDS s; $SKIPPED checks skipped)"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
