package org.onosproject.taas.api;

import com.google.common.collect.ImmutableSortedSet;
import com.google.common.testing.EqualsTester;
import org.junit.Test;

import java.util.SortedSet;

import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * Tests of parsing, formatting and querying VLAN filters in TaaS syntax.
 */
public class VlanFilterTest {

    private static void assertCanonical(String input, String canonical) {
        VlanFilter f = VlanFilter.parse(input);
        assertEquals("canonical form of '" + input + "'", canonical, f.format());
        assertEquals(canonical, f.toString());
        assertEquals(f, VlanFilter.parse(canonical));
    }

    private static void assertRejected(String input, String... fragments) {
        try {
            VlanFilter f = VlanFilter.parse(input);
            fail("accepted VLAN filter '" + input + "' as " + f);
        } catch (IllegalArgumentException e) {
            for (String fragment : fragments) {
                assertThat(e.getMessage(), containsString(fragment));
            }
        }
    }

    @Test
    public void parsesTaasExample() {
        VlanFilter f = VlanFilter.parse("9,18,27-36");
        assertEquals("9,18,27-36", f.format());
        assertEquals(12, f.size());
        assertTrue(f.contains(9));
        assertTrue(f.contains(18));
        assertTrue(f.contains(27));
        assertTrue(f.contains(30));
        assertTrue(f.contains(36));
        assertFalse(f.contains(8));
        assertFalse(f.contains(10));
        assertFalse(f.contains(26));
        assertFalse(f.contains(37));
        assertFalse(f.includesUntagged());
        SortedSet<Integer> expected = ImmutableSortedSet.<Integer>naturalOrder().add(9, 18)
                .add(27, 28, 29, 30, 31, 32, 33, 34, 35, 36).build();
        assertEquals(expected, f.vlanIds());
    }

    @Test
    public void singleIdsAndRanges() {
        assertCanonical("100", "100");
        assertCanonical("100-100", "100");
        assertCanonical("1-4094", "1-4094");
        assertEquals(4094, VlanFilter.parse("1-4094").size());
    }

    @Test
    public void edges() {
        VlanFilter zero = VlanFilter.parse("0");
        assertTrue(zero.includesUntagged());
        assertTrue(zero.contains(0));
        assertFalse(zero.contains(1));
        assertEquals(1, zero.size());

        VlanFilter top = VlanFilter.parse("4095");
        assertTrue(top.contains(4095));
        assertFalse(top.includesUntagged());

        VlanFilter all = VlanFilter.parse("0-4095");
        assertEquals(4096, all.size());
        assertEquals(4096, all.vlanIds().size());
        assertEquals(Integer.valueOf(0), all.vlanIds().first());
        assertEquals(Integer.valueOf(4095), all.vlanIds().last());
        assertTrue(all.includesUntagged());
        assertFalse(all.contains(-1));
        assertFalse(all.contains(4096));
    }

    @Test
    public void outOfRange() {
        assertRejected("4096", "4096", "out of range 0..4095");
        assertRejected("0-4096", "4096", "out of range");
        assertRejected("99999", "99999", "out of range");
        assertRejected("-1", "'-1'", "not a VLAN id");
        assertRejected("5,-1", "not a VLAN id");
        assertRejected("123456", "'123456'", "not a VLAN id");
        assertRejected("99999999999999999999", "not a VLAN id");
    }

    @Test
    public void overlapsAndAdjacencyMerge() {
        assertCanonical("1-10,5-20", "1-20");
        assertCanonical("5-20,1-10", "1-20");
        assertCanonical("1-10,11-20", "1-20");
        assertCanonical("1,2,3", "1-3");
        assertCanonical("3,1,2", "1-3");
        assertCanonical("1,3", "1,3");
        assertCanonical("7,7,7", "7");
        assertCanonical("1-100,50", "1-100");
        assertCanonical("50,1-100", "1-100");
        assertCanonical("10-20,1-5,6-9", "1-20");
        assertCanonical("0,1", "0-1");
        assertCanonical("4094,4095,0", "0,4094-4095");
    }

    @Test
    public void whitespaceIgnored() {
        assertCanonical(" 9 , 18 ,27 - 36 ", "9,18,27-36");
        assertCanonical("\t5\n", "5");
        assertCanonical("1 -3", "1-3");
    }

    @Test
    public void emptyRejected() {
        assertRejected("", "empty");
        assertRejected("   ", "empty");
        assertRejected(",5", "empty entry");
        assertRejected("5,", "empty entry");
        assertRejected("5,,6", "'5,,6'", "empty entry");
        assertRejected("5, ,6", "empty entry");
        assertRejected(",", "empty entry");
        assertRejected(null, "null");
    }

    @Test
    public void backwardsRangeRejected() {
        assertRejected("36-27", "'36-27'", "runs backwards");
        assertRejected("1,10-9", "10-9", "runs backwards");
    }

    @Test
    public void nonNumericRejected() {
        assertRejected("abc", "'abc'", "not a VLAN id");
        assertRejected("1-a", "'a'", "not a VLAN id");
        assertRejected("1-", "not a VLAN id");
        assertRejected("-", "not a VLAN id");
        assertRejected("1--3", "not a VLAN id");
        assertRejected("1-2-3", "not a VLAN id");
        assertRejected("1 0", "'1 0'", "not a VLAN id");
        assertRejected("+5", "not a VLAN id");
        assertRejected("0x10", "not a VLAN id");
        assertRejected("5;6", "not a VLAN id");
        assertRejected("1.5", "not a VLAN id");
        assertRejected("\u0661", "not a VLAN id");
    }

    @Test
    public void hugeInputRejectedQuickly() {
        StringBuilder sb = new StringBuilder();
        while (sb.length() <= 100_000) {
            sb.append("1,");
        }
        sb.append('1');
        assertRejected(sb.toString(), "too long");
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            digits.append('9');
        }
        assertRejected(digits.toString(), "too long");
    }

    @Test
    public void longestAcceptedInput() {
        StringBuilder repeated = new StringBuilder("1");
        while (repeated.length() + 2 <= 4096) {
            repeated.append(",1");
        }
        while (repeated.length() < 4096) {
            repeated.append(' ');
        }
        assertEquals(4096, repeated.length());
        assertEquals("1", VlanFilter.parse(repeated.toString()).format());
        repeated.append(' ');
        assertRejected(repeated.toString(), "too long", "4097");
    }

    @Test
    public void ofIds() {
        assertEquals(VlanFilter.parse("1-3,7"), VlanFilter.of(7, 2, 1, 3));
        assertEquals("0", VlanFilter.of(0).format());
        assertEquals("4095", VlanFilter.of(4095).format());
        for (int bad : new int[]{-1, 4096, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            try {
                VlanFilter.of(5, bad);
                fail("accepted VLAN id " + bad);
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage(), containsString(String.valueOf(bad)));
                assertThat(e.getMessage(), containsString("out of range"));
            }
        }
        try {
            VlanFilter.of();
            fail("accepted an empty filter");
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage(), containsString("at least one"));
        }
    }

    @Test
    public void equalityFollowsSelection() {
        new EqualsTester()
                .addEqualityGroup(VlanFilter.parse("1-3"), VlanFilter.parse("3,2,1"), VlanFilter.of(1, 2, 3),
                        VlanFilter.parse("1-2,2-3"))
                .addEqualityGroup(VlanFilter.parse("1-4"))
                .addEqualityGroup(VlanFilter.parse("0"))
                .testEquals();
    }

    @Test
    public void vlanIdsIsUnmodifiable() {
        VlanFilter f = VlanFilter.parse("1-3");
        try {
            f.vlanIds().add(9);
            fail("vlanIds() can be modified");
        } catch (UnsupportedOperationException e) {
            assertFalse(f.contains(9));
        }
    }
}
