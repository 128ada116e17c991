package org.onosproject.taas.impl;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The last two samples of each counter (a group bucket, a rule), kept in memory, and the rate
 * between them. A sample is new when its time differs from the last one's: the switch's
 * counters are read by the controller's poll, and each poll carries its time.
 */
final class CounterHistory {

    private static final double MS_PER_S = 1000.0;
    private static final int BITS_PER_BYTE = 8;

    private final Map<String, Sample[]> samples = new HashMap<>();

    /**
     * Records a sample of a counter and returns its counters with the rate over its last two
     * samples. A counter that went down was reset (its group or rule was rewritten) between
     * the samples: what it counts now was counted since then.
     *
     * @param key     identity of the counter
     * @param packets packets counted
     * @param bytes   bytes counted
     * @param time    time of the sample (ms since the epoch), or null if not sampled yet
     * @return counters with sample time and rate (rate null until two samples exist)
     */
    TapStatsCalculator.Counter record(String key, long packets, long bytes, Long time) {
        if (time == null) {
            return new TapStatsCalculator.Counter(packets, bytes, null, null, null);
        }
        Sample now = new Sample(packets, bytes, time);
        Sample[] s = samples.get(key);
        if (s == null) {
            samples.put(key, new Sample[]{null, now});
            return new TapStatsCalculator.Counter(packets, bytes, time, null, null);
        }
        if (time > s[1].time) {
            s[0] = s[1];
            s[1] = now;
        } else if (time < s[1].time) {
            // an older reading than the one kept: report the one kept
            now = s[1];
        } else {
            s[1] = now;
        }
        Sample before = s[0];
        if (before == null) {
            return new TapStatsCalculator.Counter(now.packets, now.bytes, now.time, null, null);
        }
        double seconds = (now.time - before.time) / MS_PER_S;
        long dp = now.packets >= before.packets ? now.packets - before.packets : now.packets;
        long db = now.bytes >= before.bytes ? now.bytes - before.bytes : now.bytes;
        return new TapStatsCalculator.Counter(now.packets, now.bytes, now.time, dp / seconds,
                                              db * BITS_PER_BYTE / seconds);
    }

    /**
     * Forgets the counters not among the given ones (their rule or group is gone).
     *
     * @param keys counters to keep
     */
    void retain(Set<String> keys) {
        samples.keySet().retainAll(keys);
    }

    /**
     * Returns how many counters are remembered.
     *
     * @return count
     */
    int size() {
        return samples.size();
    }

    private static final class Sample {
        private final long packets;
        private final long bytes;
        private final long time;

        private Sample(long packets, long bytes, long time) {
            this.packets = packets;
            this.bytes = bytes;
            this.time = time;
        }
    }
}
