# Sourced by tools/rest-smoke.sh and tools/openstack-smoke.sh: stops the REST sandbox they
# started in the background (its pid in SANDBOX_PID).
# stop_sandbox: SIGTERM, then up to 30 s for it to end; SIGKILL and status 1 if it did not.
stop_sandbox() {
    [ -n "$SANDBOX_PID" ] || return 0
    kill -TERM "$SANDBOX_PID" 2>/dev/null
    for _ in $(seq 300); do kill -0 "$SANDBOX_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$SANDBOX_PID" 2>/dev/null; then
        kill -9 "$SANDBOX_PID" 2>/dev/null
        SANDBOX_PID=""
        return 1
    fi
    wait "$SANDBOX_PID" 2>/dev/null
    SANDBOX_PID=""
    return 0
}
