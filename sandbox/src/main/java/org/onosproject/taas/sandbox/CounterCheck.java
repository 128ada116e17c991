package org.onosproject.taas.sandbox;

import org.onosproject.taas.api.TapStats;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code counters NAME HOST [FILTER]} step: the packets a tap service's or tap flow's
 * statistics say were copied during a traffic round must equal the frames HOST captured in
 * that round. Counters are cumulative and come from the controller's polls (groups every
 * 10 s, rules every 5 s), so a round's figure is the difference between two samples: one
 * taken after every earlier frame and change and before the round's traffic (the baseline,
 * read when the round opens), and one taken after the round's traffic (read by the step).
 * Open vSwitch adds a frame to its rule and group counters up to half a second after it
 * forwarded it (its revalidators), so a sample covers traffic that ended
 * {@value #LAG_MS} ms before it.
 */
final class CounterCheck {

    /** How long after a frame the switch's counters are sure to include it. */
    static final long LAG_MS = 1000;
    /** How long to wait for a sample: the group poll is every 10 s. */
    static final long WAIT_MS = 25_000;
    private static final long POLL_MS = 250;

    /** Traffic steps. */
    static final Set<String> TRAFFIC = Set.of("ping", "udp", "broadcast", "iperf");
    /** Steps that observe a round without ending it. */
    static final Set<String> OBSERVING = Set.of("expect", "show", "counters", "decoded", "status", "path", "wait",
                                                "tables", "snapshot", "same");

    private final Map<String, TapStats> baselines = new HashMap<>();
    private long trafficEndedAt;

    /**
     * Returns the names the counters steps of the round starting at a traffic step check:
     * the round is that step and the traffic steps right after it; the steps that observe it
     * follow, up to the next traffic step or change.
     *
     * @param steps the scenario's steps
     * @param from  index of the traffic step that opens the round
     * @return names, in order
     */
    static List<String> namesChecked(List<Scenario.Step> steps, int from) {
        List<String> names = new java.util.ArrayList<>();
        boolean observing = false;
        for (int i = from + 1; i < steps.size(); i++) {
            Scenario.Step st = steps.get(i);
            if (TRAFFIC.contains(st.keyword)) {
                if (observing) {
                    break;
                }
                continue;
            }
            observing = true;
            if (!OBSERVING.contains(st.keyword)) {
                break;
            }
            if (st.keyword.equals("counters") && !names.contains(st.args.get(0))) {
                names.add(st.args.get(0));
            }
        }
        return names;
    }

    /**
     * Records that the round's traffic ended (the captures are stopped).
     *
     * @param at time, ms since the epoch
     */
    void trafficEnded(long at) {
        trafficEndedAt = at;
    }

    /**
     * Reads the baselines of a round that is about to start: the statistics of each name,
     * once sampled after the last change and after every earlier frame was counted.
     *
     * @param names names of tap services or tap flows
     * @param stats reads a name's statistics (null for an unknown name)
     * @return what happened, for the run's log; empty if nothing was waited for
     */
    String baseline(List<String> names, Function<String, TapStats> stats) {
        baselines.clear();
        if (names.isEmpty()) {
            return "";
        }
        long start = System.currentTimeMillis();
        Instant after = Instant.ofEpochMilli(Math.max(start, trafficEndedAt + LAG_MS));
        StringBuilder missing = new StringBuilder();
        for (String n : names) {
            TapStats s = sampledAfter(n, stats, after, start + WAIT_MS);
            if (s != null && s.sampled().isPresent() && !s.sampled().get().isBefore(after)) {
                baselines.put(n, s);
            } else {
                missing.append(' ').append(n);
            }
        }
        return "counters of " + String.join(", ", names) + " sampled before the traffic after "
                + (System.currentTimeMillis() - start) + " ms"
                + (missing.length() == 0 ? "" : "; no fresh sample of" + missing);
    }

    /**
     * Checks a name's counters for the round just ended against a capture.
     *
     * @param name     tap service or tap flow
     * @param stats    reads a name's statistics (null for an unknown name)
     * @param captured frames the host captured in the round (matching the step's filter)
     * @param names    how the flows a figure is shared with are called
     * @return the outcome
     */
    Outcome check(String name, Function<String, TapStats> stats, int captured,
                  Function<org.onosproject.taas.api.TapFlowId, String> names) {
        TapStats before = baselines.get(name);
        if (before == null) {
            return new Outcome(false, name + ": no sample of its counters was taken before the round's traffic");
        }
        long start = System.currentTimeMillis();
        Instant after = Instant.ofEpochMilli(trafficEndedAt + LAG_MS);
        TapStats now = sampledAfter(name, stats, after, start + WAIT_MS);
        if (now == null || now.sampled().isEmpty() || now.sampled().get().isBefore(after)) {
            return new Outcome(false, name + ": no sample of its counters after the round's traffic within "
                    + WAIT_MS / 1000 + " s (last: " + now + ")");
        }
        long copied = now.packets() - before.packets();
        String shared = now.sharedWith().isEmpty() ? "" : ", shared with "
                + String.join(" ", now.sharedWith().stream().map(names).toArray(String[]::new));
        return new Outcome(copied == captured, name + " counted " + copied + " packets in the round ("
                + before.packets() + " -> " + now.packets() + ", sampled " + before.sampled().get() + " and "
                + now.sampled().get() + shared + "), the capture has " + captured + "; waited "
                + (System.currentTimeMillis() - start) + " ms for the sample");
    }

    // the name's statistics once sampled at or after a time, or the last read at the deadline
    private static TapStats sampledAfter(String name, Function<String, TapStats> stats, Instant after,
                                         long deadline) {
        TapStats s = stats.apply(name);
        while (s != null && (s.sampled().isEmpty() || s.sampled().get().isBefore(after))
                && System.currentTimeMillis() < deadline) {
            Waits.sleep(POLL_MS);
            s = stats.apply(name);
        }
        return s;
    }

    /** Whether a check held, and what it found. */
    static final class Outcome {
        final boolean ok;
        final String text;

        Outcome(boolean ok, String text) {
            this.ok = ok;
            this.text = text;
        }
    }
}
