package org.onosproject.taas.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The VLAN filter of a tap flow, in OpenStack TaaS syntax: comma-separated VLAN ids and
 * inclusive ranges such as {@code 9,18,27-36}. Ids are 0..4095; 0 stands for untagged frames.
 * Overlapping and adjacent entries are merged, so two filters selecting the same ids are equal
 * and print the same canonical text.
 */
public final class VlanFilter {

    /** Lowest VLAN id a filter accepts; 0 selects untagged frames. */
    public static final int MIN_VLAN = 0;
    /** Highest VLAN id a filter accepts. */
    public static final int MAX_VLAN = 4095;
    /** Id that stands for untagged frames. */
    public static final int UNTAGGED = 0;

    private static final int MAX_TEXT = 4096;

    // Canonical text: the only serialized state.
    private final String text;
    private transient volatile List<int[]> ranges;

    private VlanFilter(String canonical, List<int[]> ranges) {
        this.text = canonical;
        this.ranges = ranges;
    }

    /**
     * Parses a filter in TaaS syntax. Blanks around ids, dashes and commas are ignored.
     *
     * @param text filter text such as {@code 9,18,27-36}
     * @return the filter
     * @throws IllegalArgumentException naming the offending entry
     */
    public static VlanFilter parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("VLAN filter cannot be null");
        }
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("VLAN filter is too long (" + text.length()
                    + " characters, at most " + MAX_TEXT + ")");
        }
        if (text.trim().isEmpty()) {
            throw new IllegalArgumentException(
                    "VLAN filter is empty: give ids such as 9,18,27-36, or omit it to mirror every frame");
        }
        List<int[]> parsed = new ArrayList<>();
        for (String entry : text.split(",", -1)) {
            String e = entry.trim();
            if (e.isEmpty()) {
                throw new IllegalArgumentException("invalid VLAN filter '" + text
                        + "': empty entry between commas");
            }
            int dash = e.indexOf('-', 1);
            int low;
            int high;
            if (dash < 0) {
                low = parseId(e, text);
                high = low;
            } else {
                low = parseId(e.substring(0, dash).trim(), text);
                high = parseId(e.substring(dash + 1).trim(), text);
                if (low > high) {
                    throw new IllegalArgumentException("invalid VLAN filter '" + text
                            + "': range " + e + " runs backwards");
                }
            }
            parsed.add(new int[]{low, high});
        }
        return fromRanges(parsed);
    }

    /**
     * Returns a filter selecting exactly the given VLAN ids.
     *
     * @param ids VLAN ids, each 0..4095
     * @return the filter
     * @throws IllegalArgumentException if no id is given or one is out of range
     */
    public static VlanFilter of(int... ids) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("VLAN filter needs at least one VLAN id");
        }
        List<int[]> parsed = new ArrayList<>();
        for (int id : ids) {
            checkRange(id, String.valueOf(id));
            parsed.add(new int[]{id, id});
        }
        return fromRanges(parsed);
    }

    private static VlanFilter fromRanges(List<int[]> input) {
        List<int[]> sorted = new ArrayList<>(input);
        sorted.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] r : sorted) {
            int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(new int[]{r[0], r[1]});
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int[] r : merged) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(r[0]);
            if (r[1] != r[0]) {
                sb.append('-').append(r[1]);
            }
        }
        return new VlanFilter(sb.toString(), Collections.unmodifiableList(merged));
    }

    private static int parseId(String token, String text) {
        if (token.isEmpty() || token.length() > 5 || !token.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid VLAN filter '" + text + "': '" + token
                    + "' is not a VLAN id (0.." + MAX_VLAN + ")");
        }
        int id = Integer.parseInt(token);
        checkRange(id, text);
        return id;
    }

    private static void checkRange(int id, String text) {
        if (id < MIN_VLAN || id > MAX_VLAN) {
            throw new IllegalArgumentException("invalid VLAN filter '" + text + "': VLAN id " + id
                    + " is out of range " + MIN_VLAN + ".." + MAX_VLAN);
        }
    }

    private List<int[]> ranges() {
        List<int[]> r = ranges;
        if (r == null) {
            r = parse(text).ranges;
            ranges = r;
        }
        return r;
    }

    /**
     * Returns true if the filter selects the given VLAN id (0 = untagged).
     *
     * @param vlanId VLAN id
     * @return true if selected
     */
    public boolean contains(int vlanId) {
        for (int[] r : ranges()) {
            if (vlanId >= r[0] && vlanId <= r[1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns true if untagged frames are selected (the filter contains 0).
     *
     * @return true if untagged frames pass
     */
    public boolean includesUntagged() {
        return contains(UNTAGGED);
    }

    /**
     * Returns every VLAN id the filter selects, in ascending order.
     *
     * @return VLAN ids
     */
    public SortedSet<Integer> vlanIds() {
        SortedSet<Integer> ids = new TreeSet<>();
        for (int[] r : ranges()) {
            for (int v = r[0]; v <= r[1]; v++) {
                ids.add(v);
            }
        }
        return Collections.unmodifiableSortedSet(ids);
    }

    /**
     * Returns how many VLAN ids the filter selects.
     *
     * @return number of ids
     */
    public int size() {
        int n = 0;
        for (int[] r : ranges()) {
            n += r[1] - r[0] + 1;
        }
        return n;
    }

    /**
     * Returns the canonical text: sorted, merged, without blanks.
     *
     * @return filter text in TaaS syntax
     */
    public String format() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof VlanFilter && text.equals(((VlanFilter) o).text));
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
