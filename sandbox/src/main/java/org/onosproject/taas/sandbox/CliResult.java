package org.onosproject.taas.sandbox;

import java.util.Objects;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * What one ONOS CLI command line gave: its exit status, as {@code ssh -p 8101 onos@HOST LINE}
 * would report it (0 on success, 1 on failure), and everything it printed, standard output
 * and error output together in the order they were written, followed by Karaf's error
 * text when it failed. Immutable.
 */
public final class CliResult {

    private final int status;
    private final String output;

    /**
     * Creates a result.
     *
     * @param status exit status: 0 on success, 1 on failure
     * @param output printed text, lines ending with a newline; empty if nothing was printed
     */
    public CliResult(int status, String output) {
        this.status = status;
        this.output = checkNotNull(output, "output");
    }

    /**
     * Returns the exit status.
     *
     * @return 0 on success, 1 on failure
     */
    public int status() {
        return status;
    }

    /**
     * Returns what was printed: the command's standard and error output, in order, then the
     * error text Karaf would print on failure.
     *
     * @return text, empty if nothing was printed
     */
    public String output() {
        return output;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CliResult)) {
            return false;
        }
        CliResult that = (CliResult) o;
        return status == that.status && output.equals(that.output);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, output);
    }

    @Override
    public String toString() {
        return "status " + status + (output.isEmpty() ? ", no output" : ", output:\n" + output);
    }
}
