package org.onosproject.taas.cli;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.onlab.osgi.DefaultServiceDirectory;
import org.onlab.osgi.ServiceDirectory;
import org.onosproject.cli.AbstractChoicesCompleter;
import org.onosproject.taas.api.TaasService;
import org.onosproject.taas.api.TapFlow;

import java.util.List;

/**
 * Completes tap flow ids and the names that identify exactly one tap flow.
 */
@Service
public class TapFlowCompleter extends AbstractChoicesCompleter {

    // Where services come from: OSGi inside ONOS; unit tests put a test directory here.
    ServiceDirectory directory = new DefaultServiceDirectory();

    @Override
    protected List<String> choices() {
        return Choices.idsAndNames(directory.get(TaasService.class).getTapFlows(),
                                   f -> f.id().toString(), TapFlow::name);
    }
}
