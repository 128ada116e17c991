package org.onosproject.taas.cli;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.onosproject.cli.AbstractChoicesCompleter;
import org.onosproject.taas.api.TapTunnel;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Completes tunnel types: gre, erspan.
 */
@Service
public class TunnelTypeCompleter extends AbstractChoicesCompleter {
    @Override
    protected List<String> choices() {
        return Arrays.stream(TapTunnel.Type.values()).map(TapTunnel.Type::text).collect(Collectors.toList());
    }
}
