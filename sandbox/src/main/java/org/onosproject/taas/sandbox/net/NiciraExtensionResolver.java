package org.onosproject.taas.sandbox.net;

import org.onosproject.net.behaviour.ExtensionTreatmentResolver;
import org.onosproject.net.driver.AbstractHandlerBehaviour;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes;

/**
 * The Nicira extension treatments the sandbox's switches support, as ONOS's {@code ovs}
 * driver resolves them: {@code NICIRA_LOAD} and {@code NICIRA_RESUBMIT_TABLE}.
 */
public class NiciraExtensionResolver extends AbstractHandlerBehaviour implements ExtensionTreatmentResolver {

    @Override
    public ExtensionTreatment getExtensionInstruction(ExtensionTreatmentType type) {
        if (type.equals(ExtensionTreatmentTypes.NICIRA_LOAD.type())) {
            return new NiciraLoad();
        }
        if (type.equals(ExtensionTreatmentTypes.NICIRA_SET_TUNNEL_DST.type())) {
            return new NiciraSetTunnelDst();
        }
        if (type.equals(ExtensionTreatmentTypes.NICIRA_RESUBMIT_TABLE.type())) {
            return new NiciraResubmitTable();
        }
        throw new UnsupportedOperationException("extension treatment not supported by the sandbox: " + type);
    }
}
