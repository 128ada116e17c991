package org.onosproject.taas.sandbox.net;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses what {@code ovs-ofctl -O OpenFlow13} prints: {@code show}, {@code dump-flows} and
 * {@code dump-group-stats}. Pure functions.
 */
public final class OvsOutput {

    private static final Pattern DPID = Pattern.compile("dpid:([0-9a-fA-F]{16})");
    private static final Pattern PORT = Pattern.compile("^ (\\d+|LOCAL)\\(([^)]*)\\): addr:([0-9a-fA-F:]{17})");
    private static final Pattern SPEED = Pattern.compile("speed: (\\d+) Mbps now");
    private static final Pattern COOKIE = Pattern.compile("cookie=0x([0-9a-fA-F]+)");
    private static final Pattern PACKETS = Pattern.compile("n_packets=(\\d+)");
    private static final Pattern BYTES = Pattern.compile("n_bytes=(\\d+)");
    private static final Pattern GROUP = Pattern.compile("group_id=(\\d+),.*?packet_count=(\\d+),byte_count=(\\d+)");
    private static final Pattern BUCKET = Pattern.compile("bucket(\\d+):packet_count=(\\d+),byte_count=(\\d+)");

    private OvsOutput() {
    }

    /**
     * A port as {@code ovs-ofctl show} describes it.
     */
    public static final class PortInfo {
        /** OpenFlow port number; {@code 0xfffffffe} for LOCAL. */
        public final long number;
        /** Interface name. */
        public final String name;
        /** Hardware address. */
        public final String mac;
        /** True unless the port is administratively down (config PORT_DOWN). */
        public boolean adminUp = true;
        /** True unless the link is down (state LINK_DOWN). */
        public boolean linkUp = true;
        /** Current speed in Mbit/s. */
        public long speedMbps;

        PortInfo(long number, String name, String mac) {
            this.number = number;
            this.name = name;
            this.mac = mac;
        }

        /**
         * Returns whether ONOS would call the port enabled: neither PORT_DOWN nor LINK_DOWN.
         *
         * @return true if enabled
         */
        public boolean enabled() {
            return adminUp && linkUp;
        }
    }

    /**
     * A switch as {@code ovs-ofctl show} describes it.
     */
    public static final class SwitchInfo {
        /** Datapath id, 16 hex digits. */
        public final String dpid;
        /** Ports, in the order printed. */
        public final List<PortInfo> ports;

        SwitchInfo(String dpid, List<PortInfo> ports) {
            this.dpid = dpid;
            this.ports = ports;
        }
    }

    /**
     * Parses {@code ovs-ofctl -O OpenFlow13 show BRIDGE}.
     *
     * @param text output
     * @return datapath id and ports
     * @throws IllegalArgumentException if the output has no datapath id
     */
    public static SwitchInfo parseShow(String text) {
        Matcher d = DPID.matcher(text);
        if (!d.find()) {
            throw new IllegalArgumentException("no dpid in ovs-ofctl show output: " + text);
        }
        List<PortInfo> ports = new ArrayList<>();
        PortInfo current = null;
        for (String line : text.split("\n")) {
            Matcher m = PORT.matcher(line);
            if (m.find()) {
                long number = m.group(1).equals("LOCAL") ? 0xfffffffeL : Long.parseLong(m.group(1));
                current = new PortInfo(number, m.group(2), m.group(3).toLowerCase());
                ports.add(current);
                continue;
            }
            if (current == null) {
                continue;
            }
            String t = line.trim();
            if (t.startsWith("config:")) {
                current.adminUp = !t.contains("PORT_DOWN");
            } else if (t.startsWith("state:")) {
                current.linkUp = !t.contains("LINK_DOWN");
            } else {
                Matcher s = SPEED.matcher(t);
                if (s.find()) {
                    current.speedMbps = Long.parseLong(s.group(1));
                }
            }
        }
        return new SwitchInfo(d.group(1).toLowerCase(), ports);
    }

    /**
     * Parses {@code ovs-ofctl dump-flows}: packet and byte counters by cookie. Flows that
     * share a cookie are summed.
     *
     * @param text output
     * @return cookie to {packets, bytes}
     */
    public static Map<Long, long[]> parseFlowCounters(String text) {
        Map<Long, long[]> counters = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher c = COOKIE.matcher(line);
            if (!c.find()) {
                continue;
            }
            long cookie = Long.parseUnsignedLong(c.group(1), 16);
            long[] sum = counters.computeIfAbsent(cookie, k -> new long[2]);
            Matcher p = PACKETS.matcher(line);
            Matcher b = BYTES.matcher(line);
            sum[0] += p.find() ? Long.parseLong(p.group(1)) : 0;
            sum[1] += b.find() ? Long.parseLong(b.group(1)) : 0;
        }
        return counters;
    }

    /**
     * Parses {@code ovs-ofctl -O OpenFlow13 dump-group-stats}: counters by group id, the
     * group's then each bucket's in bucket order (as an OpenFlow group stats reply has them).
     *
     * @param text output
     * @return group id to {packets, bytes, bucket 0 packets, bucket 0 bytes, bucket 1 ...}
     */
    public static Map<Integer, long[]> parseGroupCounters(String text) {
        Map<Integer, long[]> counters = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher g = GROUP.matcher(line);
            if (g.find()) {
                List<Long> values = new ArrayList<>(List.of(Long.parseLong(g.group(2)), Long.parseLong(g.group(3))));
                Matcher b = BUCKET.matcher(line);
                while (b.find()) {
                    values.add(Long.parseLong(b.group(2)));
                    values.add(Long.parseLong(b.group(3)));
                }
                counters.put(Integer.parseUnsignedInt(g.group(1)),
                        values.stream().mapToLong(Long::longValue).toArray());
            }
        }
        return counters;
    }
}
