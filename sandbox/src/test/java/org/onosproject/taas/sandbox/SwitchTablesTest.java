package org.onosproject.taas.sandbox;

import org.junit.Test;

import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

/**
 * Canonical switch tables: group ids do not matter, what the groups do and who uses them does.
 */
public class SwitchTablesTest {

    private static List<String> table(int out, int in, String outBucket) {
        return List.of(
                "cookie=0x1, priority=65001,in_port=1,metadata=0 actions=group:" + out,
                "cookie=0x2, priority=65000,metadata=0,dl_dst=00:00:00:00:00:01 actions=group:" + in,
                "group_id=" + out + ",type=all,bucket=actions=" + outBucket
                        + ",bucket=actions=load:0x1->OXM_OF_METADATA[],resubmit(,0)",
                "group_id=" + in + ",type=all,bucket=actions=output:4,bucket=actions=load:0x2->OXM_OF_METADATA[],"
                        + "resubmit(,0)");
    }

    @Test
    public void groupIdsAreRenamedByContent() {
        String a = SwitchTables.canonical(table(2049763782, 2058350664, "output:4"));
        String b = SwitchTables.canonical(table(7, 3, "output:4"));
        assertEquals(a, b);
        assertTrue(a, a.contains("actions=group:G") && !a.contains("2049763782"));
    }

    @Test
    public void differentBucketsOrUsersDiffer() {
        assertNotEquals(SwitchTables.canonical(table(1, 2, "output:4")),
                SwitchTables.canonical(table(1, 2, "output:5")));
        // the OUT classifier pointing at the IN group is another table
        List<String> swapped = List.of(
                "cookie=0x1, priority=65001,in_port=1,metadata=0 actions=group:2",
                "cookie=0x2, priority=65000,metadata=0,dl_dst=00:00:00:00:00:01 actions=group:1",
                "group_id=1,type=all,bucket=actions=output:4,bucket=actions=load:0x1->OXM_OF_METADATA[],resubmit(,0)",
                "group_id=2,type=all,bucket=actions=output:4,bucket=actions=load:0x2->OXM_OF_METADATA[],resubmit(,0)");
        assertNotEquals(SwitchTables.canonical(table(1, 2, "output:4")), SwitchTables.canonical(swapped));
    }

    @Test
    public void diffNamesLostAndExtraLines() {
        String d = SwitchTables.diff(Map.of("s1", "a\nb"), Map.of("s1", "b\nc", "s2", "x"));
        assertEquals("        s1 lost:  a\n        s1 extra: c\n        s2 extra: x", d);
    }
}
