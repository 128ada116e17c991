package org.onosproject.taas.sandbox;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The difference between two sets of switch tables ({@link NetworkUnderTest#tables()}), one
 * line per rule or group lost or extra, for failure messages.
 */
public final class TableDiff {

    private TableDiff() {
    }

    /**
     * Describes what differs between two snapshots.
     *
     * @param before tables by switch, as remembered
     * @param now    tables by switch, as they are
     * @return indented lines, empty if equal
     */
    public static String of(Map<String, String> before, Map<String, String> now) {
        StringBuilder sb = new StringBuilder();
        TreeSet<String> switches = new TreeSet<>(before.keySet());
        switches.addAll(now.keySet());
        for (String sw : switches) {
            List<String> b = lines(before.get(sw));
            List<String> n = lines(now.get(sw));
            b.stream().filter(l -> !n.contains(l)).forEach(l -> sb.append("        ").append(sw)
                    .append(" lost:  ").append(l).append('\n'));
            n.stream().filter(l -> !b.contains(l)).forEach(l -> sb.append("        ").append(sw)
                    .append(" extra: ").append(l).append('\n'));
        }
        return sb.toString().stripTrailing();
    }

    private static List<String> lines(String table) {
        return table == null || table.isEmpty() ? List.of() : List.of(table.split("\n"));
    }
}
