package org.onosproject.taas.sandbox.net;

import org.junit.Test;

import java.util.Map;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * Parsing of ovs-ofctl output, on text captured from OVS 3.1.
 */
public class OvsOutputTest {

    private static final String SHOW = String.join("\n",
            "OFPT_FEATURES_REPLY (OF1.3) (xid=0x2): dpid:00000000000000a1",
            "n_tables:254, n_buffers:0",
            "capabilities: FLOW_STATS TABLE_STATS PORT_STATS GROUP_STATS QUEUE_STATS",
            "OFPST_PORT_DESC reply (OF1.3) (xid=0x3):",
            " 1(t1a2b-h1): addr:3e:1f:aa:00:00:01",
            "     config:     0",
            "     state:      0",
            "     current:    10GB-FD COPPER",
            "     speed: 10000 Mbps now, 0 Mbps max",
            " 3(t1a2b-h3): addr:3E:1F:AA:00:00:03",
            "     config:     0",
            "     state:      LINK_DOWN",
            "     speed: 0 Mbps now, 0 Mbps max",
            " LOCAL(t1a2bs1): addr:6a:bc:b1:f7:61:43",
            "     config:     PORT_DOWN",
            "     state:      LINK_DOWN",
            "     current:    10GB-FD COPPER",
            "     speed: 10000 Mbps now, 0 Mbps max",
            "OFPT_GET_CONFIG_REPLY (OF1.3) (xid=0x5): frags=normal miss_send_len=0");

    @Test
    public void parsesShow() {
        OvsOutput.SwitchInfo info = OvsOutput.parseShow(SHOW);
        assertEquals("00000000000000a1", info.dpid);
        assertEquals(3, info.ports.size());
        OvsOutput.PortInfo p1 = info.ports.get(0);
        assertEquals(1, p1.number);
        assertEquals("t1a2b-h1", p1.name);
        assertTrue(p1.enabled());
        assertEquals(10000, p1.speedMbps);
        OvsOutput.PortInfo p3 = info.ports.get(1);
        assertEquals("3e:1f:aa:00:00:03", p3.mac);
        assertTrue(p3.adminUp);
        assertFalse(p3.enabled());
        OvsOutput.PortInfo local = info.ports.get(2);
        assertEquals(0xfffffffeL, local.number);
        assertFalse(local.adminUp);
    }

    @Test(expected = IllegalArgumentException.class)
    public void refusesShowWithoutDpid() {
        OvsOutput.parseShow("ovs-ofctl: br0 is not a bridge or a socket");
    }

    @Test
    public void parsesFlowCountersByCookie() {
        String dump = String.join("\n",
                "OFPST_FLOW reply (OF1.3) (xid=0x2):",
                " cookie=0x1234, duration=0.008s, table=0, n_packets=7, n_bytes=700, priority=65001,"
                        + "metadata=0,in_port=1 actions=group:7",
                " cookie=0xfffe000000000001, duration=1s, table=0, n_packets=1, n_bytes=60, priority=10 actions=drop",
                " cookie=0x1234, duration=0.008s, table=1, n_packets=3, n_bytes=300, priority=5 actions=drop");
        Map<Long, long[]> c = OvsOutput.parseFlowCounters(dump);
        assertEquals(2, c.size());
        assertArrayEquals(new long[]{10, 1000}, c.get(0x1234L));
        assertArrayEquals(new long[]{1, 60}, c.get(0xfffe000000000001L));
    }

    @Test
    public void parsesGroupCounters() {
        String dump = String.join("\n",
                "OFPST_GROUP reply (OF1.3) (xid=0x6):",
                " group_id=7,duration=0.092s,ref_count=1,packet_count=5,byte_count=490,"
                        + "bucket0:packet_count=5,byte_count=490,bucket1:packet_count=4,byte_count=392",
                " group_id=4026531841,duration=1s,ref_count=0,packet_count=0,byte_count=0");
        Map<Integer, long[]> c = OvsOutput.parseGroupCounters(dump);
        assertEquals(2, c.size());
        assertArrayEquals("group, then each bucket", new long[]{5, 490, 5, 490, 4, 392}, c.get(7));
        assertArrayEquals(new long[]{0, 0}, c.get(0xf0000001));
    }
}
