package org.onosproject.taas.cli;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.onlab.osgi.DefaultServiceDirectory;
import org.onlab.osgi.ServiceDirectory;
import org.onosproject.cli.AbstractChoicesCompleter;
import org.onosproject.taas.api.TaasService;
import org.onosproject.taas.api.TapService;

import java.util.List;

/**
 * Completes tap service ids and the names that identify exactly one tap service.
 */
@Service
public class TapServiceCompleter extends AbstractChoicesCompleter {

    // Where services come from: OSGi inside ONOS; unit tests put a test directory here.
    ServiceDirectory directory = new DefaultServiceDirectory();

    @Override
    protected List<String> choices() {
        return Choices.idsAndNames(directory.get(TaasService.class).getTapServices(),
                                   s -> s.id().toString(), TapService::name);
    }
}
