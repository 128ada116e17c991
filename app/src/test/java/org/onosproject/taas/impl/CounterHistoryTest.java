package org.onosproject.taas.impl;

import org.junit.Test;

import java.util.Set;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

/**
 * Rates over the last two samples of a counter.
 */
public class CounterHistoryTest {

    private final CounterHistory history = new CounterHistory();

    @Test
    public void rateIsOverTheLastTwoSamples() {
        TapStatsCalculator.Counter c = history.record("b", 100, 10_000, 1_000L);
        assertEquals(100, c.packets);
        assertNull("one sample, no rate", c.packetsPerSecond);
        c = history.record("b", 300, 30_000, 11_000L);
        assertEquals(20.0, c.packetsPerSecond, 1e-9);
        assertEquals(16_000.0, c.bitsPerSecond, 1e-9);
        assertEquals(11_000L, (long) c.time);
        // the same sample read again: same rate
        c = history.record("b", 300, 30_000, 11_000L);
        assertEquals(20.0, c.packetsPerSecond, 1e-9);
        // the next one: over the last two only
        c = history.record("b", 310, 31_000, 16_000L);
        assertEquals(2.0, c.packetsPerSecond, 1e-9);
        assertEquals(1600.0, c.bitsPerSecond, 1e-9);
    }

    @Test
    public void aCounterThatWentDownWasResetBetweenTheSamples() {
        history.record("g", 500, 50_000, 0L);
        TapStatsCalculator.Counter c = history.record("g", 40, 4_000, 10_000L);
        assertEquals(40, c.packets);
        assertEquals(4.0, c.packetsPerSecond, 1e-9);
    }

    @Test
    public void notSampledCountersHaveNoTimeAndNoRate() {
        TapStatsCalculator.Counter c = history.record("n", 0, 0, null);
        assertNull(c.time);
        assertNull(c.packetsPerSecond);
        assertEquals(0, history.size());
    }

    @Test
    public void anOlderReadingDoesNotGoBackInTime() {
        history.record("o", 10, 1000, 1_000L);
        history.record("o", 30, 3000, 3_000L);
        TapStatsCalculator.Counter c = history.record("o", 20, 2000, 2_000L);
        assertEquals(30, c.packets);
        assertEquals(10.0, c.packetsPerSecond, 1e-9);
    }

    @Test
    public void goneCountersAreForgotten() {
        history.record("a", 1, 1, 1L);
        history.record("b", 1, 1, 1L);
        history.retain(Set.of("b"));
        assertEquals(1, history.size());
    }
}
