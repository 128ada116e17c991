package org.onosproject.taas.cli;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.onosproject.cli.AbstractChoicesCompleter;
import org.onosproject.taas.api.Direction;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Completes tap flow directions: IN, OUT, BOTH.
 */
@Service
public class DirectionCompleter extends AbstractChoicesCompleter {
    @Override
    protected List<String> choices() {
        return Arrays.stream(Direction.values()).map(Direction::name).collect(Collectors.toList());
    }
}
