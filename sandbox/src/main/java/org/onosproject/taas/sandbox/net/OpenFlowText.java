package org.onosproject.taas.sandbox.net;

import org.onlab.packet.VlanId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.flow.TrafficTreatment;
import org.onosproject.net.flow.criteria.Criterion;
import org.onosproject.net.flow.criteria.EthCriterion;
import org.onosproject.net.flow.criteria.EthTypeCriterion;
import org.onosproject.net.flow.criteria.IPCriterion;
import org.onosproject.net.flow.criteria.IPProtocolCriterion;
import org.onosproject.net.flow.criteria.MetadataCriterion;
import org.onosproject.net.flow.criteria.PortCriterion;
import org.onosproject.net.flow.criteria.TcpPortCriterion;
import org.onosproject.net.flow.criteria.UdpPortCriterion;
import org.onosproject.net.flow.criteria.VlanIdCriterion;
import org.onosproject.net.flow.criteria.VlanPcpCriterion;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionPropertyException;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes;
import org.onosproject.net.flow.instructions.Instruction;
import org.onosproject.net.flow.instructions.Instructions;
import org.onosproject.net.flow.instructions.L2ModificationInstruction;
import org.onosproject.net.group.GroupBucket;
import org.onosproject.net.group.GroupDescription;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes ONOS flow rules and groups in the text syntax of {@code ovs-ofctl -O OpenFlow13}
 * (the lines of {@code --bundle add-flows FILE} and of {@code add-group}). Pure functions:
 * anything it cannot express faithfully is refused with an {@link IllegalArgumentException}
 * naming the element, never silently dropped.
 */
public final class OpenFlowText {

    /** OXM header of OpenFlow metadata, as ONOS's Nicira load extension takes it. */
    public static final long OXM_METADATA = 0x80000408L;

    private static final long NXM_NX_REG0 = 0x00010004L;
    private static final int VID_PRESENT = 0x1000;

    private OpenFlowText() {
    }

    /**
     * Returns the {@code add-flows} line that installs (or replaces) a flow rule.
     *
     * @param rule flow rule
     * @return line such as {@code add cookie=0x..,table=0,priority=10,in_port=1,actions=output:2}
     */
    public static String addFlow(FlowRule rule) {
        return flowMod("add", rule);
    }

    /**
     * Returns the {@code add-flows} line that modifies a flow rule as ONOS 2.7's OpenFlow 1.3
     * provider does ({@code OFPFC_MODIFY}, not strict): every flow of the table whose match
     * includes the rule's match gets the rule's actions, whatever its priority, and if there is
     * none nothing is added.
     *
     * @param rule flow rule
     * @return line such as {@code modify cookie=0x..,table=0,priority=10,in_port=1,actions=output:2}
     */
    public static String modifyFlow(FlowRule rule) {
        return flowMod("modify", rule);
    }

    private static String flowMod(String command, FlowRule rule) {
        StringBuilder sb = new StringBuilder(command).append(" cookie=0x").append(Long.toHexString(rule.id().value()));
        sb.append(",table=").append(rule.tableId()).append(",priority=").append(rule.priority());
        if (!rule.isPermanent()) {
            if (rule.timeout() > 0) {
                sb.append(",idle_timeout=").append(rule.timeout());
            }
            if (rule.hardTimeout() > 0) {
                sb.append(",hard_timeout=").append(rule.hardTimeout());
            }
        }
        String match = match(rule.selector());
        if (!match.isEmpty()) {
            sb.append(',').append(match);
        }
        return sb.append(",actions=").append(actions(rule.treatment())).toString();
    }

    /**
     * Returns the {@code add-flows} line that deletes exactly this flow rule (table, priority
     * and match, as OpenFlow identifies a flow).
     *
     * @param rule flow rule
     * @return line such as {@code delete_strict table=0,priority=10,in_port=1}
     */
    public static String deleteFlow(FlowRule rule) {
        String match = match(rule.selector());
        return "delete_strict table=" + rule.tableId() + ",priority=" + rule.priority()
                + (match.isEmpty() ? "" : "," + match);
    }

    /**
     * Returns the match part of a flow for a selector, criteria in a fixed order.
     *
     * @param selector traffic selector
     * @return comma separated fields, empty for match-all
     */
    public static String match(TrafficSelector selector) {
        List<Criterion> criteria = new ArrayList<>(selector.criteria());
        criteria.sort(Comparator.comparing(Criterion::type));
        return criteria.stream().map(OpenFlowText::criterion).collect(Collectors.joining(","));
    }

    private static String criterion(Criterion c) {
        switch (c.type()) {
            case IN_PORT:
                return "in_port=" + ((PortCriterion) c).port().toLong();
            case METADATA:
                return "metadata=0x" + Long.toHexString(((MetadataCriterion) c).metadata());
            case ETH_DST:
                return "dl_dst=" + ((EthCriterion) c).mac();
            case ETH_SRC:
                return "dl_src=" + ((EthCriterion) c).mac();
            case ETH_TYPE:
                return String.format("dl_type=0x%04x", ((EthTypeCriterion) c).ethType().toShort() & 0xffff);
            case VLAN_VID:
                return vlanMatch(((VlanIdCriterion) c).vlanId());
            case VLAN_PCP:
                return "dl_vlan_pcp=" + ((VlanPcpCriterion) c).priority();
            case IP_PROTO:
                return "nw_proto=" + ((IPProtocolCriterion) c).protocol();
            case IPV4_SRC:
                return "nw_src=" + ((IPCriterion) c).ip();
            case IPV4_DST:
                return "nw_dst=" + ((IPCriterion) c).ip();
            case UDP_SRC:
                return "tp_src=" + ((UdpPortCriterion) c).udpPort().toInt();
            case UDP_DST:
                return "tp_dst=" + ((UdpPortCriterion) c).udpPort().toInt();
            case TCP_SRC:
                return "tp_src=" + ((TcpPortCriterion) c).tcpPort().toInt();
            case TCP_DST:
                return "tp_dst=" + ((TcpPortCriterion) c).tcpPort().toInt();
            default:
                throw new IllegalArgumentException("criterion not supported by the sandbox: " + c);
        }
    }

    private static String vlanMatch(VlanId vlan) {
        if (vlan.equals(VlanId.NONE)) {
            return "vlan_tci=0x0000/0x1fff";
        }
        if (vlan.equals(VlanId.ANY)) {
            return "vlan_tci=0x1000/0x1000";
        }
        return String.format("vlan_tci=0x%04x/0x1fff", VID_PRESENT | vlan.toShort());
    }

    /**
     * Returns the instructions of a treatment as {@code ovs-ofctl} actions; {@code drop} when
     * it does nothing.
     *
     * @param treatment traffic treatment
     * @return actions text
     */
    public static String actions(TrafficTreatment treatment) {
        List<String> parts = new ArrayList<>();
        treatment.immediate().forEach(i -> action(i, parts));
        if (treatment.clearedDeferred()) {
            parts.add("clear_actions");
        }
        if (!treatment.deferred().isEmpty()) {
            List<String> deferred = new ArrayList<>();
            treatment.deferred().forEach(i -> action(i, deferred));
            parts.add("write_actions(" + String.join(",", deferred) + ")");
        }
        Instructions.MetadataInstruction meta = treatment.writeMetadata();
        if (meta != null) {
            parts.add("write_metadata:0x" + Long.toHexString(meta.metadata())
                    + "/0x" + Long.toHexString(meta.metadataMask()));
        }
        Instructions.TableTypeTransition goTo = treatment.tableTransition();
        if (goTo != null) {
            parts.add("goto_table:" + goTo.tableId());
        }
        return parts.isEmpty() ? "drop" : String.join(",", parts);
    }

    private static void action(Instruction i, List<String> out) {
        switch (i.type()) {
            case NOACTION:
                return;
            case OUTPUT:
                out.add(output(((Instructions.OutputInstruction) i).port()));
                return;
            case GROUP:
                out.add("group:" + ((Instructions.GroupInstruction) i).groupId().id());
                return;
            case QUEUE:
                out.add("set_queue:" + ((Instructions.SetQueueInstruction) i).queueId());
                return;
            case L2MODIFICATION:
                out.add(l2((L2ModificationInstruction) i));
                return;
            case EXTENSION:
                out.add(extension(((Instructions.ExtensionInstructionWrapper) i).extensionInstruction()));
                return;
            default:
                throw new IllegalArgumentException("instruction not supported by the sandbox: " + i);
        }
    }

    private static String output(PortNumber port) {
        if (port.equals(PortNumber.FLOOD)) {
            return "FLOOD";
        } else if (port.equals(PortNumber.ALL)) {
            return "ALL";
        } else if (port.equals(PortNumber.IN_PORT)) {
            return "IN_PORT";
        } else if (port.equals(PortNumber.CONTROLLER)) {
            return "CONTROLLER:65535";
        } else if (port.equals(PortNumber.LOCAL)) {
            return "LOCAL";
        } else if (port.equals(PortNumber.NORMAL)) {
            return "NORMAL";
        } else if (port.equals(PortNumber.TABLE)) {
            return "output:TABLE";
        }
        return "output:" + port.toLong();
    }

    private static String l2(L2ModificationInstruction i) {
        switch (i.subtype()) {
            case VLAN_PUSH:
                return String.format("push_vlan:0x%04x",
                        ((L2ModificationInstruction.ModVlanHeaderInstruction) i).ethernetType().toShort() & 0xffff);
            case VLAN_POP:
                return "pop_vlan";
            case VLAN_ID:
                VlanId vid = ((L2ModificationInstruction.ModVlanIdInstruction) i).vlanId();
                return "set_field:" + (VID_PRESENT | vid.toShort()) + "->vlan_vid";
            case VLAN_PCP:
                return "set_field:" + ((L2ModificationInstruction.ModVlanPcpInstruction) i).vlanPcp()
                        + "->vlan_pcp";
            case ETH_DST:
                return "set_field:" + ((L2ModificationInstruction.ModEtherInstruction) i).mac() + "->eth_dst";
            case ETH_SRC:
                return "set_field:" + ((L2ModificationInstruction.ModEtherInstruction) i).mac() + "->eth_src";
            case TUNNEL_ID:
                return "set_field:" + ((L2ModificationInstruction.ModTunnelIdInstruction) i).tunnelId() + "->tun_id";
            default:
                throw new IllegalArgumentException("L2 modification not supported by the sandbox: " + i);
        }
    }

    private static String extension(ExtensionTreatment ext) {
        try {
            if (ext.type().equals(ExtensionTreatmentTypes.NICIRA_LOAD.type())) {
                int ofsNbits = ext.<Integer>getPropertyValue("ofsNbits");
                long dst = ext.<Long>getPropertyValue("dst");
                long value = ext.<Long>getPropertyValue("value");
                return "load:0x" + Long.toHexString(value) + "->" + fieldRange(dst, ofsNbits);
            }
            if (ext.type().equals(ExtensionTreatmentTypes.NICIRA_RESUBMIT_TABLE.type())) {
                PortNumber inPort = ext.getPropertyValue("inPort");
                short table = ext.<Short>getPropertyValue("table");
                String port = inPort == null || inPort.equals(PortNumber.IN_PORT) ? "" : Long.toString(inPort.toLong());
                return "resubmit(" + port + "," + (table & 0xff) + ")";
            }
            if (ext.type().equals(ExtensionTreatmentTypes.NICIRA_SET_TUNNEL_DST.type())) {
                org.onlab.packet.Ip4Address dst = ext.getPropertyValue("tunnelDst");
                return "set_field:" + dst + "->tun_dst";
            }
            if (ext.type().equals(ExtensionTreatmentTypes.NICIRA_RESUBMIT.type())) {
                PortNumber inPort = ext.getPropertyValue("inPort");
                return "resubmit:" + inPort.toLong();
            }
        } catch (ExtensionPropertyException | ClassCastException e) {
            throw new IllegalArgumentException("malformed extension treatment " + ext + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("extension treatment not supported by the sandbox: " + ext.type());
    }

    /**
     * Returns the Nicira field reference for an OXM/NXM header and an ofs-nbits value, as
     * {@code ovs-ofctl} prints it ({@code OXM_OF_METADATA[]}, {@code NXM_NX_REG0[0..15]}).
     *
     * @param header   OXM or NXM header of the destination field
     * @param ofsNbits offset shifted left 6 bits, or'ed with the number of bits minus one
     * @return field reference
     */
    public static String fieldRange(long header, int ofsNbits) {
        String name;
        int bits;
        if (header == OXM_METADATA) {
            name = "OXM_OF_METADATA";
            bits = 64;
        } else if ((header & ~(0x7fL << 9)) == NXM_NX_REG0 && ((header >> 9) & 0x7f) < 16) {
            name = "NXM_NX_REG" + ((header >> 9) & 0x7f);
            bits = 32;
        } else {
            throw new IllegalArgumentException("field header not supported by the sandbox: 0x"
                    + Long.toHexString(header));
        }
        int ofs = ofsNbits >>> 6;
        int nbits = (ofsNbits & 0x3f) + 1;
        if (ofs + nbits > bits) {
            throw new IllegalArgumentException("ofsNbits " + ofsNbits + " exceeds the " + bits + " bits of " + name);
        }
        return ofs == 0 && nbits == bits ? name + "[]" : name + "[" + ofs + ".." + (ofs + nbits - 1) + "]";
    }

    /**
     * Returns the {@code add-group}/{@code mod-group} text of a group.
     *
     * @param groupId OpenFlow group id
     * @param type    group type
     * @param buckets buckets, in order
     * @return text such as {@code group_id=7,type=all,bucket=actions=output:3}
     */
    public static String group(int groupId, GroupDescription.Type type, List<GroupBucket> buckets) {
        StringBuilder sb = new StringBuilder("group_id=").append(Integer.toUnsignedString(groupId))
                .append(",type=").append(groupType(type));
        for (GroupBucket b : buckets) {
            sb.append(",bucket=");
            if (type == GroupDescription.Type.FAILOVER) {
                if (b.watchPort() == null) {
                    throw new IllegalArgumentException("a fast-failover bucket needs a watch port: " + b);
                }
                sb.append("watch_port:").append(b.watchPort().toLong()).append(',');
            }
            if (type == GroupDescription.Type.SELECT && b.weight() > 0) {
                sb.append("weight:").append(b.weight()).append(',');
            }
            sb.append("actions=").append(actions(b.treatment()));
        }
        return sb.toString();
    }

    private static String groupType(GroupDescription.Type type) {
        switch (type) {
            case ALL:
                return "all";
            case SELECT:
                return "select";
            case INDIRECT:
                return "indirect";
            case FAILOVER:
                return "ff";
            default:
                throw new IllegalArgumentException("group type not supported by the sandbox: " + type);
        }
    }
}
