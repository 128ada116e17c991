package org.onosproject.taas.cli;

/**
 * Bad command-line input, detected before anything is changed. The message is printed as
 * the command's one error line.
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
