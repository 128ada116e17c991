#!/usr/bin/env bash
# REST smoke test against the sandbox: starts `tools/onos-test.sh sandbox scenarios/rest-demo.scn`
# in the background, waits for `ready`, then drives the REST API with curl (create a tap
# service, a local and a remote tap flow, read them back, send traffic between the namespaces
# and count the copies the analyzer receives, check the objects' "stats" count them too,
# update, refuse bad input, delete, refuse
# requests without credentials) and stops the sandbox. One PASS/FAIL line per check, then
# `N passed, M failed`; exit status 0 only if every check passed.
# Needs root. Environment: MVN_ARGS (passed on), SMOKE_START_TIMEOUT (seconds, default 180),
# SANDBOX_REST_URI (passed on; default http://127.0.0.1:8181/onos/taas/). Fails at once if that
# address is already listened on (a real ONOS or another REST sandbox).

set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REST_URI="${SANDBOX_REST_URI:-http://127.0.0.1:8181/onos/taas/}"
API="${REST_URI%/}"
AUTH=(-u onos:rocks)
JSON=(-H 'Content-Type: application/json')
WORK="$(mktemp -d /tmp/taas-smoke.XXXXXX)"
SANDBOX_PID=""
SANDBOX_STARTED=""
TCPDUMP_PID=""
PASSED=0
FAILED=0

pass() { PASSED=$((PASSED + 1)); printf 'PASS  rest-smoke  %s\n' "$*"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL  rest-smoke  %s\n' "$*"; }
check() { # check DESCRIPTION EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then pass "$1: $3"; else fail "$1: got '$3', expected '$2'"; fi
}

# shellcheck source=tools/sandbox-process.sh
. "$ROOT/tools/sandbox-process.sh"

finish() {
    [ -n "$TCPDUMP_PID" ] && kill "$TCPDUMP_PID" 2>/dev/null
    stop_sandbox
    if [ "$FAILED" -eq 0 ] || [ -z "$SANDBOX_STARTED" ]; then rm -rf "$WORK"
    else echo "   (sandbox output and captures kept in $WORK)"; fi
}
trap finish EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" -eq 0 ] || { echo "rest-smoke.sh: needs root (the sandbox builds namespaces)" >&2; exit 2; }
command -v curl >/dev/null || { echo "rest-smoke.sh: curl is required" >&2; exit 2; }

# --- the REST sandbox's address must be free ---------------------------------------------
hostport="${REST_URI#*://}"; hostport="${hostport%%/*}"
REST_HOST="${hostport%:*}"; REST_PORT="${hostport##*:}"
taken="$(ss -Hltn "sport = :$REST_PORT" 2>/dev/null | awk -v h="$REST_HOST" '{a = $4; sub(/:[0-9]+$/, "", a)}
    a == h || a == "[" h "]" || a == "0.0.0.0" || a == "*" || a == "[::]" || a == "[::ffff:" h "]" {print $4}' \
    | sort -u | tr '\n' ' ')"
if [ -n "$taken" ]; then
    fail "$REST_HOST:$REST_PORT is already in use (listening: ${taken% }): a real ONOS or another REST sandbox holds it; stop it first, or set SANDBOX_REST_URI to another address"
    echo "$PASSED passed, $FAILED failed"
    exit 1
fi

# --- start -------------------------------------------------------------------------------
"$ROOT/tools/onos-test.sh" sandbox "$ROOT/scenarios/rest-demo.scn" >"$WORK/sandbox.out" 2>&1 &
SANDBOX_PID=$!
SANDBOX_STARTED=1
deadline=$((SECONDS + ${SMOKE_START_TIMEOUT:-180}))
until grep -q '^ready$' "$WORK/sandbox.out"; do
    if ! kill -0 "$SANDBOX_PID" 2>/dev/null || [ "$SECONDS" -gt "$deadline" ]; then
        fail "sandbox did not print ready:"
        sed 's/^/      /' "$WORK/sandbox.out"
        SANDBOX_PID=""
        echo "$PASSED passed, $FAILED failed"
        exit 1
    fi
    sleep 0.5
done
pass "sandbox ready ($(grep -c '^   host ' "$WORK/sandbox.out") hosts)"
ns() { awk -v h="$1" '$1 == "host" && $2 == h { print $NF }' "$WORK/sandbox.out"; }
NS1="$(ns h1)"; NS3="$(ns h3)"; NS4="$(ns h4)"
RUN_NS_PREFIX="${NS1%-h1}-"

# curl helpers: body into $WORK/body, status on stdout
req() { # req METHOD PATH [BODY] [extra curl args...]
    local method="$1" path="$2" body="${3:-}"
    shift 3 2>/dev/null || shift $#
    if [ -n "$body" ]; then
        curl -s -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' -X "$method" "${JSON[@]}" "$@" \
            "$API$path" -d "$body"
    else
        curl -s -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' -X "$method" "$@" "$API$path"
    fi
}
field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    d = d[int(k)] if isinstance(d, list) else d.get(k)
    if d is None: break
print("" if d is None else (len(d) if isinstance(d, list) else d))' "$WORK/body" "$1" 2>/dev/null; }

# --- authentication ----------------------------------------------------------------------
check "GET /tap-services without credentials" 401 "$(req GET /tap-services)"
grep -qi '^WWW-Authenticate: Basic' "$WORK/headers" && pass "401 carries a Basic challenge" \
    || fail "401 without a WWW-Authenticate: Basic header"
check "POST /tap-services with a wrong password" 401 \
    "$(req POST /tap-services '{"port":"of:0000000000000001/3"}' -u onos:wrong)"
check "GET /tap-services" 200 "$(req GET /tap-services "" "${AUTH[@]}")"
check "no tap service yet" 0 "$(field tapServices)"

# --- create --------------------------------------------------------------------------------
check "POST a tap service on h3 (of:0000000000000001/3)" 201 \
    "$(req POST /tap-services '{"name":"ids","port":"of:0000000000000001/3"}' "${AUTH[@]}")"
SVC="$(field id)"
grep -qi "^Location: .*/onos/taas/tap-services/$SVC" "$WORK/headers" && pass "Location names the new tap service" \
    || fail "no Location header for tap service $SVC"
check "POST a BOTH tap flow on h1" 201 "$(req POST /tap-flows \
    '{"name":"h1","tapServiceId":"'"$SVC"'","sourcePort":"of:0000000000000001/1","direction":"BOTH"}' "${AUTH[@]}")"
FLOW1="$(field id)"
check "POST a remote OUT tap flow on h4 (other switch)" 201 "$(req POST /tap-flows \
    '{"name":"h4","tapServiceId":"'"$SVC"'","sourcePort":"of:0000000000000002/1","direction":"OUT"}' "${AUTH[@]}")"
FLOW4="$(field id)"
check "POST a tap flow with direction SIDEWAYS" 400 "$(req POST /tap-flows \
    '{"tapServiceId":"'"$SVC"'","sourcePort":"of:0000000000000001/2","direction":"SIDEWAYS"}' "${AUTH[@]}")"
case "$(field message)" in direction*) pass "the 400 body names the field: $(field message)";;
    *) fail "400 body: $(cat "$WORK/body")";; esac

# --- read back -----------------------------------------------------------------------------
state=""
for _ in $(seq 50); do
    req GET "/tap-flows/$FLOW4" "" "${AUTH[@]}" >/dev/null; state="$(field status)"
    [ "$state" = ACTIVE ] && break; sleep 0.2
done
check "remote tap flow h4 becomes ACTIVE" ACTIVE "$state"
check "its path crosses the link and ends at the tap port (hops)" 3 "$(field path)"
check "GET /tap-services/{id}" 200 "$(req GET "/tap-services/$SVC" "" "${AUTH[@]}")"
check "tap service name" ids "$(field name)"
check "tap service status" ACTIVE "$(field status)"
check "GET /tap-flows?tapServiceId=" 200 "$(req GET "/tap-flows?tapServiceId=$SVC" "" "${AUTH[@]}")"
check "tap flows of the service" 2 "$(field tapFlows)"
req GET "/tap-flows/$FLOW1" "" "${AUTH[@]}" >/dev/null
check "tap flow h1 status" ACTIVE "$(field status)"

# --- traffic -------------------------------------------------------------------------------
capture() { # capture NS FILE: tcpdump of what the host receives, until stop_capture
    ip netns exec "$1" tcpdump -i eth0 -Q in -n -U --immediate-mode -w "$2" >"$WORK/tcpdump.err" 2>&1 &
    TCPDUMP_PID=$!
    for _ in $(seq 50); do grep -q listening "$WORK/tcpdump.err" && break; sleep 0.1; done
}
stop_capture() { sleep 0.5; kill -INT "$TCPDUMP_PID" 2>/dev/null; wait "$TCPDUMP_PID" 2>/dev/null; TCPDUMP_PID=""; }
count() { tcpdump -r "$1" -n "$2" 2>/dev/null | wc -l; }

capture "$NS3" "$WORK/r1.pcap"
ip netns exec "$NS1" ping -n -q -c 5 -i 0.05 -W 1 10.0.0.2 >/dev/null
ip netns exec "$NS4" ping -n -q -c 3 -i 0.05 -W 1 10.0.0.2 >/dev/null
stop_capture
check "analyzer h3: copies of h1's echo requests (OUT)" 5 \
    "$(count "$WORK/r1.pcap" 'icmp[icmptype] == icmp-echo and src 10.0.0.1')"
check "analyzer h3: copies of the replies to h1 (IN)" 5 \
    "$(count "$WORK/r1.pcap" 'icmp[icmptype] == icmp-echoreply and dst 10.0.0.1')"
check "analyzer h3: remote copies of h4's echo requests, untagged" 3 \
    "$(count "$WORK/r1.pcap" 'icmp[icmptype] == icmp-echo and src 10.0.0.4 and not vlan')"
check "analyzer h3: nothing tagged" 0 "$(count "$WORK/r1.pcap" 'vlan')"

# --- statistics ----------------------------------------------------------------------------
# the "stats" of the objects count the copies above once the group poll (every 10 s, as in
# ONOS) has read the switches' counters; nothing else reached the analyzer
copies="$(count "$WORK/r1.pcap" 'icmp')"
# each object's figures come from its own device's sample (flows and groups of every switch are
# polled apart), so each is read until it shows the expected count or 30 s have passed
await_stats() { # await_stats PATH EXPECTED: prints stats.packets once it equals EXPECTED (or the last)
    local got=""
    for _ in $(seq 60); do
        req GET "$1" "" "${AUTH[@]}" >/dev/null; got="$(field stats.packets)"
        [ "$got" = "$2" ] && break; sleep 0.5
    done
    echo "$got"
}
check "tap service stats: packets delivered to the tap port = frames captured" "$copies" \
    "$(await_stats "/tap-services/$SVC" "$copies")"
sampled="$(field stats.sampled)"
[ -n "$sampled" ] && pass "tap service stats carry the sample time: $sampled" || fail "no stats.sampled: $(cat "$WORK/body")"
check "tap flow h1 stats: packets copied (OUT and IN)" 10 "$(await_stats "/tap-flows/$FLOW1" 10)"
check "tap flow h1 stats: shared with no other flow" 0 "$(field stats.sharedWith)"
check "remote tap flow h4 stats: packets copied at its source" 3 "$(await_stats "/tap-flows/$FLOW4" 3)"

# --- update --------------------------------------------------------------------------------
check "PUT a new tap service name" 200 "$(req PUT "/tap-services/$SVC" '{"name":"ids-2"}' "${AUTH[@]}")"
check "updated name" ids-2 "$(field name)"
check "PUT tap flow h1 direction OUT" 200 "$(req PUT "/tap-flows/$FLOW1" '{"direction":"OUT"}' "${AUTH[@]}")"
check "updated direction" OUT "$(field direction)"

# --- delete --------------------------------------------------------------------------------
check "DELETE without credentials" 401 "$(req DELETE "/tap-flows/$FLOW1")"
check "DELETE the h1 tap flow" 204 "$(req DELETE "/tap-flows/$FLOW1" "" "${AUTH[@]}")"
check "DELETE the tap service (and the h4 flow feeding it)" 204 \
    "$(req DELETE "/tap-services/$SVC" "" "${AUTH[@]}")"
check "GET the deleted tap service" 404 "$(req GET "/tap-services/$SVC" "" "${AUTH[@]}")"
check "GET the h4 tap flow removed with its service" 404 "$(req GET "/tap-flows/$FLOW4" "" "${AUTH[@]}")"
sleep 1
capture "$NS3" "$WORK/r2.pcap"
ip netns exec "$NS1" ping -n -q -c 3 -i 0.05 -W 1 10.0.0.2 >/dev/null
ip netns exec "$NS4" ping -n -q -c 3 -i 0.05 -W 1 10.0.0.2 >/dev/null
stop_capture
check "after DELETE the analyzer gets no copies" 0 "$(count "$WORK/r2.pcap" 'icmp')"

# --- stop ----------------------------------------------------------------------------------
if stop_sandbox; then pass "sandbox stopped on SIGTERM"; else fail "sandbox did not stop within 30 s of SIGTERM"; fi
left="$(ip netns list 2>/dev/null | awk '{print $1}' | grep -c "^$RUN_NS_PREFIX")"
check "namespaces left behind" 0 "$left"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
