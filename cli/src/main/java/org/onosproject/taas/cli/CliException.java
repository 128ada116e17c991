package org.onosproject.taas.cli;

/**
 * Bad command-line input, detected before anything is changed. The command throws it out of
 * {@code execute()}: Karaf prints {@code Error executing command: <message>} and, over ssh,
 * ends with exit status 1.
 */
final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what was wrong, naming the option or argument
     */
    CliException(String message) {
        super(message);
    }
}
