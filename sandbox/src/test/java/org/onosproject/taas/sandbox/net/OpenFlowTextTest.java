package org.onosproject.taas.sandbox.net;

import org.junit.Test;
import org.onlab.packet.EthType;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.IpPrefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.TpPort;
import org.onlab.packet.VlanId;
import org.onosproject.TestApplicationId;
import org.onosproject.core.GroupId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.DefaultFlowRule;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.flow.TrafficTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes;
import org.onosproject.net.group.DefaultGroupBucket;
import org.onosproject.net.group.GroupBucket;
import org.onosproject.net.group.GroupDescription;

import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * Translation of ONOS flow rules and groups to ovs-ofctl text.
 */
public class OpenFlowTextTest {

    private static final DeviceId DEV = DeviceId.deviceId("of:0000000000000001");
    private static final MacAddress MAC = MacAddress.valueOf("00:00:00:00:00:02");

    private static FlowRule rule(TrafficSelector s, TrafficTreatment t, int priority, int table) {
        return DefaultFlowRule.builder().forDevice(DEV).fromApp(new TestApplicationId("t"))
                .withSelector(s).withTreatment(t).withPriority(priority).forTable(table).makePermanent().build();
    }

    private static ExtensionTreatment load(long value) throws Exception {
        ExtensionTreatment load = new NiciraExtensionResolver()
                .getExtensionInstruction(ExtensionTreatmentTypes.NICIRA_LOAD.type());
        load.setPropertyValue("ofsNbits", 63);
        load.setPropertyValue("dst", OpenFlowText.OXM_METADATA);
        load.setPropertyValue("value", value);
        return load;
    }

    private static ExtensionTreatment resubmit(short table) throws Exception {
        ExtensionTreatment r = new NiciraExtensionResolver()
                .getExtensionInstruction(ExtensionTreatmentTypes.NICIRA_RESUBMIT_TABLE.type());
        r.setPropertyValue("table", table);
        return r;
    }

    @Test
    public void matchesEveryCriterionInFixedOrder() {
        TrafficSelector s = DefaultTrafficSelector.builder()
                .matchVlanId(VlanId.vlanId((short) 100)).matchEthDst(MAC).matchInPort(PortNumber.portNumber(1))
                .matchMetadata(1).matchEthType(EthType.EtherType.IPV4.ethType().toShort())
                .matchEthSrc(MacAddress.valueOf("00:00:00:00:00:01")).matchIPDst(IpPrefix.valueOf("10.0.0.0/24"))
                .matchIPProtocol((byte) 17).matchUdpDst(TpPort.tpPort(9999)).build();
        assertEquals("in_port=1,metadata=0x1,dl_dst=00:00:00:00:00:02,dl_src=00:00:00:00:00:01,"
                        + "dl_type=0x0800,vlan_tci=0x1064/0x1fff,nw_proto=17,nw_dst=10.0.0.0/24,tp_dst=9999",
                OpenFlowText.match(s));
    }

    @Test
    public void untaggedAndAnyVlan() {
        assertEquals("vlan_tci=0x0000/0x1fff",
                OpenFlowText.match(DefaultTrafficSelector.builder().matchVlanId(VlanId.NONE).build()));
        assertEquals("vlan_tci=0x1000/0x1000",
                OpenFlowText.match(DefaultTrafficSelector.builder().matchVlanId(VlanId.ANY).build()));
        assertEquals("vlan_tci=0x1000/0x1fff", OpenFlowText.match(
                DefaultTrafficSelector.builder().matchVlanId(VlanId.vlanId((short) 0)).build()));
    }

    @Test
    public void addAndStrictDeleteLines() {
        FlowRule r = rule(DefaultTrafficSelector.builder().matchInPort(PortNumber.portNumber(1)).build(),
                DefaultTrafficTreatment.builder().group(new GroupId(7)).build(), 65001, 0);
        assertEquals("add cookie=0x" + Long.toHexString(r.id().value())
                + ",table=0,priority=65001,in_port=1,actions=group:7", OpenFlowText.addFlow(r));
        assertEquals("delete_strict table=0,priority=65001,in_port=1", OpenFlowText.deleteFlow(r));
    }

    @Test
    public void matchAllAndDrop() {
        FlowRule r = rule(DefaultTrafficSelector.emptySelector(), DefaultTrafficTreatment.builder().build(), 5, 3);
        assertTrue(OpenFlowText.addFlow(r).endsWith(",table=3,priority=5,actions=drop"));
        assertEquals("delete_strict table=3,priority=5", OpenFlowText.deleteFlow(r));
        assertEquals("drop", OpenFlowText.actions(DefaultTrafficTreatment.builder().drop().build()));
    }

    @Test
    public void outputsToReservedPorts() {
        TrafficTreatment t = DefaultTrafficTreatment.builder().setOutput(PortNumber.portNumber(3))
                .setOutput(PortNumber.FLOOD).setOutput(PortNumber.ALL).setOutput(PortNumber.IN_PORT)
                .setOutput(PortNumber.CONTROLLER).setOutput(PortNumber.LOCAL).build();
        assertEquals("output:3,FLOOD,ALL,IN_PORT,CONTROLLER:65535,LOCAL", OpenFlowText.actions(t));
    }

    @Test
    public void vlanPushSetPop() {
        TrafficTreatment push = DefaultTrafficTreatment.builder().pushVlan().setVlanId(VlanId.vlanId((short) 3900))
                .setOutput(PortNumber.portNumber(4)).build();
        assertEquals("push_vlan:0x8100,set_field:7996->vlan_vid,output:4", OpenFlowText.actions(push));
        assertEquals("pop_vlan,output:3", OpenFlowText.actions(DefaultTrafficTreatment.builder().popVlan()
                .setOutput(PortNumber.portNumber(3)).build()));
    }

    @Test
    public void niciraLoadAndResubmit() throws Exception {
        TrafficTreatment t = DefaultTrafficTreatment.builder().extension(load(1), DEV)
                .extension(resubmit((short) 0), DEV).build();
        assertEquals("load:0x1->OXM_OF_METADATA[],resubmit(,0)", OpenFlowText.actions(t));
    }

    @Test
    public void fieldRanges() {
        assertEquals("OXM_OF_METADATA[]", OpenFlowText.fieldRange(OpenFlowText.OXM_METADATA, 63));
        assertEquals("OXM_OF_METADATA[0..7]", OpenFlowText.fieldRange(OpenFlowText.OXM_METADATA, 7));
        assertEquals("OXM_OF_METADATA[8..15]", OpenFlowText.fieldRange(OpenFlowText.OXM_METADATA, (8 << 6) | 7));
        assertEquals("NXM_NX_REG2[]", OpenFlowText.fieldRange(0x00010004L | (2 << 9), 31));
        try {
            OpenFlowText.fieldRange(0x80000606L, 63);
            fail("unknown field accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("0x80000606"));
        }
    }

    @Test
    public void gotoTableAndWriteMetadata() {
        TrafficTreatment t = DefaultTrafficTreatment.builder().setOutput(PortNumber.portNumber(2))
                .writeMetadata(2, 0xff).transition(1).build();
        assertEquals("output:2,write_metadata:0x2/0xff,goto_table:1", OpenFlowText.actions(t));
    }

    @Test
    public void allGroupWithCopyAndResubmitBuckets() throws Exception {
        GroupBucket copy = DefaultGroupBucket.createAllGroupBucket(DefaultTrafficTreatment.builder()
                .setOutput(PortNumber.portNumber(3)).build());
        GroupBucket original = DefaultGroupBucket.createAllGroupBucket(DefaultTrafficTreatment.builder()
                .extension(load(1), DEV).extension(resubmit((short) 0), DEV).build());
        assertEquals("group_id=7,type=all,bucket=actions=output:3,"
                        + "bucket=actions=load:0x1->OXM_OF_METADATA[],resubmit(,0)",
                OpenFlowText.group(7, GroupDescription.Type.ALL, List.of(copy, original)));
        assertEquals("group_id=4026531841,type=all",
                OpenFlowText.group(0xf0000001, GroupDescription.Type.ALL, List.of()));
    }

    @Test
    public void refusesWhatItCannotExpress() {
        try {
            OpenFlowText.match(DefaultTrafficSelector.builder().matchIPv6Dst(IpPrefix.valueOf("::1/128")).build());
            fail("IPv6 match accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("criterion not supported"));
        }
        try {
            OpenFlowText.actions(DefaultTrafficTreatment.builder().setIpDst(Ip4Prefix.valueOf("10.0.0.1/32")
                    .address()).build());
            fail("L3 modification accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("instruction not supported"));
        }
    }

    @Test
    public void extensionsCompareByValue() throws Exception {
        assertEquals(load(2), load(2));
        assertEquals(load(2).hashCode(), load(2).hashCode());
        assertTrue(!load(2).equals(load(3)));
        NiciraLoad copy = new NiciraLoad();
        copy.deserialize(load(5).serialize());
        assertEquals(load(5), copy);
        NiciraResubmitTable r = new NiciraResubmitTable();
        r.deserialize(resubmit((short) 4).serialize());
        assertEquals(resubmit((short) 4), r);
        assertEquals(PortNumber.IN_PORT, r.getPropertyValue("inPort"));
    }
}
