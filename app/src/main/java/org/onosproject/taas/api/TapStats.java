package org.onosproject.taas.api;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableSortedSet;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How much a tap service or tap flow copies, from the switches' counters: the packets and
 * bytes of the copies, the rate between the last two samples of those counters, and the time
 * of the sample. Immutable.
 * <p>
 * For a tap service the counters are those of the group buckets that output to its tap port
 * and of the rules that deliver remote copies there (pop the transport VLAN, output to the
 * tap port). For a tap flow they are those of the group buckets that copy its frames; where a
 * bucket also copies frames of other tap flows (same source, side and tap service), the
 * figure is the bucket's, shared, and {@link #sharedWith()} names those flows: the switch
 * cannot tell their frames apart, and the figure is never split.
 * <p>
 * Counters are cumulative from when the application installed or last rewrote the rule or
 * group; they come from the controller's statistics poll, so they are as of
 * {@link #sampled()}, not live.
 */
public final class TapStats {

    private static final Comparator<TapFlowId> ID_ORDER = Comparator.comparing(Object::toString);

    private final long packets;
    private final long bytes;
    private final Double packetsPerSecond;
    private final Double bitsPerSecond;
    private final Instant sampled;
    private final Set<TapFlowId> sharedWith;

    private TapStats(long packets, long bytes, Double packetsPerSecond, Double bitsPerSecond, Instant sampled,
                     Collection<TapFlowId> sharedWith) {
        checkArgument(packets >= 0 && bytes >= 0, "counters cannot be negative");
        this.packets = packets;
        this.bytes = bytes;
        this.packetsPerSecond = packetsPerSecond;
        this.bitsPerSecond = bitsPerSecond;
        this.sampled = sampled;
        this.sharedWith = sharedWith == null ? ImmutableSortedSet.of()
                : ImmutableSortedSet.copyOf(ID_ORDER, sharedWith);
    }

    /**
     * Returns statistics.
     *
     * @param packets          packets copied
     * @param bytes            bytes copied
     * @param packetsPerSecond rate over the last two samples, or null if not known yet
     * @param bitsPerSecond    rate over the last two samples, or null if not known yet
     * @param sampled          time of the sample, or null if the counters were not sampled yet
     * @param sharedWith       other tap flows whose copies the figure includes (tap flows
     *                         only); null or empty when the figure is the flow's alone
     * @return statistics
     */
    public static TapStats of(long packets, long bytes, Double packetsPerSecond, Double bitsPerSecond,
                              Instant sampled, Collection<TapFlowId> sharedWith) {
        return new TapStats(packets, bytes, packetsPerSecond, bitsPerSecond, sampled, sharedWith);
    }

    /**
     * Returns the statistics of an object whose counters were not sampled yet: zero, no rate,
     * no sample time.
     *
     * @return statistics
     */
    public static TapStats notSampled() {
        return new TapStats(0, 0, null, null, null, null);
    }

    /**
     * Returns the statistics of an object nothing copies for (no rule or group of it is
     * installed): zero, at a rate of zero, as of the given time.
     *
     * @param now time of the statement
     * @return statistics
     */
    public static TapStats idle(Instant now) {
        return new TapStats(0, 0, 0.0, 0.0, now, null);
    }

    /**
     * Returns the number of packets copied.
     *
     * @return packets
     */
    public long packets() {
        return packets;
    }

    /**
     * Returns the number of bytes copied, as the switch counted them: the frames as selected,
     * plus the 4-byte transport VLAN tag for remote copies counted at their last hop.
     *
     * @return bytes
     */
    public long bytes() {
        return bytes;
    }

    /**
     * Returns the packet rate between the last two samples.
     *
     * @return packets per second, or empty until two samples exist
     */
    public Optional<Double> packetsPerSecond() {
        return Optional.ofNullable(packetsPerSecond);
    }

    /**
     * Returns the bit rate between the last two samples.
     *
     * @return bits per second, or empty until two samples exist
     */
    public Optional<Double> bitsPerSecond() {
        return Optional.ofNullable(bitsPerSecond);
    }

    /**
     * Returns the time of the sample the counters come from: where several rules or groups
     * count, the oldest of their samples.
     *
     * @return sample time, or empty if the counters were not sampled yet
     */
    public Optional<Instant> sampled() {
        return Optional.ofNullable(sampled);
    }

    /**
     * Returns the other tap flows whose copies a tap flow's figure includes, because the
     * switch counts them together; empty when the figure is the flow's alone.
     *
     * @return tap flow ids, sorted
     */
    public Set<TapFlowId> sharedWith() {
        return sharedWith;
    }

    /**
     * Returns the sum of two statistics (counters and rates add up, the sample time is the
     * older one, a rate or time not known in either is not known); sharedWith is dropped.
     *
     * @param other statistics of other counters
     * @return sum
     */
    public TapStats plus(TapStats other) {
        Double pps = packetsPerSecond == null || other.packetsPerSecond == null ? null
                : packetsPerSecond + other.packetsPerSecond;
        Double bps = bitsPerSecond == null || other.bitsPerSecond == null ? null
                : bitsPerSecond + other.bitsPerSecond;
        Instant when = sampled == null || other.sampled == null ? null
                : sampled.isBefore(other.sampled) ? sampled : other.sampled;
        return new TapStats(packets + other.packets, bytes + other.bytes, pps, bps, when, null);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TapStats)) {
            return false;
        }
        TapStats that = (TapStats) o;
        return packets == that.packets && bytes == that.bytes
                && Objects.equals(packetsPerSecond, that.packetsPerSecond)
                && Objects.equals(bitsPerSecond, that.bitsPerSecond)
                && Objects.equals(sampled, that.sampled) && sharedWith.equals(that.sharedWith);
    }

    @Override
    public int hashCode() {
        return Objects.hash(packets, bytes, packetsPerSecond, bitsPerSecond, sampled, sharedWith);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("packets", packets).add("bytes", bytes)
                .add("packetsPerSecond", packetsPerSecond).add("bitsPerSecond", bitsPerSecond)
                .add("sampled", sampled).add("sharedWith", sharedWith).toString();
    }

    /**
     * Formats a bit rate with a unit: bit/s, kbit/s, Mbit/s or Gbit/s, such as
     * {@code 1.6 kbit/s}, as the CLI and the GUI show it.
     *
     * @param bps bits per second
     * @return text
     */
    public static String formatBitRate(double bps) {
        String[] units = {"bit/s", "kbit/s", "Mbit/s", "Gbit/s"};
        double v = bps;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }
}
