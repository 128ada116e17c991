package org.onosproject.taas.sandbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Switch tables as text ({@code ovs-ofctl --no-stats dump-flows / dump-groups} lines) for the
 * comparisons of {@code snapshot} / {@code same} and the end-of-scenario check: a canonical
 * form, and the difference between two snapshots.
 */
public final class SwitchTables {

    private static final Pattern GROUP_ID = Pattern.compile("group_id=(\\d+)");
    private static final Pattern COOKIE = Pattern.compile("cookie=0x([0-9a-f]+)");
    private static final Pattern GROUP_REF = Pattern.compile("(group_id=|group:)(\\d+)");

    private SwitchTables() {
    }

    /**
     * Returns one switch's lines in canonical form: group ids renamed G1, G2... in the order of
     * the groups' content (their buckets, then the rules that use them), and the lines sorted.
     * The application gives a group made again a new id on purpose (ONOS may still hold the
     * old one), so two tables that differ only in group ids are the same.
     *
     * @param lines flow and group lines of one switch
     * @return sorted text, one line each
     */
    public static String canonical(List<String> lines) {
        Map<String, String> contentOf = new HashMap<>();
        for (String l : lines) {
            Matcher m = GROUP_ID.matcher(l);
            if (m.find()) {
                String id = m.group(1);
                String users = lines.stream().filter(u -> u.contains("group:" + id + " ") || u.endsWith("group:" + id)
                        || u.contains("group:" + id + ","))
                        .map(u -> u.replace("group:" + id, "group:*")).sorted().collect(Collectors.joining("|"));
                contentOf.put(id, l.replace("group_id=" + id, "") + "|" + users);
            }
        }
        List<String> ids = new ArrayList<>(contentOf.keySet());
        ids.sort(Comparator.comparing((String id) -> contentOf.get(id)).thenComparing(Comparator.naturalOrder()));
        Map<String, String> rename = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            rename.put(ids.get(i), "G" + (i + 1));
        }
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            Matcher m = GROUP_REF.matcher(l);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1)
                        + rename.getOrDefault(m.group(2), m.group(2))));
            }
            m.appendTail(sb);
            out.add(sb.toString());
        }
        out.sort(null);
        return String.join("\n", out);
    }

    /**
     * Describes what differs between two snapshots.
     *
     * @param before tables by switch, as remembered
     * @param now    tables by switch, as they are
     * @return indented lines, empty if equal
     */
    public static String diff(Map<String, String> before, Map<String, String> now) {
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

    /**
     * Keeps, of tables in canonical form, the groups and the rules of one application (the
     * top 16 bits of a rule's cookie, as ONOS puts its application id there).
     *
     * @param tables tables by switch, canonical
     * @param appId  application id
     * @return the same with the other applications' rules left out
     */
    public static Map<String, String> ofApplication(Map<String, String> tables, short appId) {
        Map<String, String> out = new TreeMap<>();
        tables.forEach((sw, table) -> out.put(sw, lines(table).stream()
                .filter(l -> {
                    Matcher m = COOKIE.matcher(l);
                    return !m.find() || Long.parseUnsignedLong(m.group(1), 16) >>> 48 == (appId & 0xFFFF);
                })
                .collect(Collectors.joining("\n"))));
        return out;
    }

    private static List<String> lines(String table) {
        return table == null || table.isEmpty() ? List.of() : List.of(table.split("\n"));
    }
}
