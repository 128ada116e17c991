package org.onosproject.taas.sandbox.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command to completion and keeps its exit status and output.
 */
public final class Command {

    private static final long TIMEOUT_SECONDS = 60;
    private static final ExecutorService DRAINERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "command-output");
        t.setDaemon(true);
        return t;
    });

    private static final Map<String, String> ENVIRONMENT = new ConcurrentHashMap<>();

    private final List<String> argv;
    private final int exitCode;
    private final String out;
    private final String err;

    private Command(List<String> argv, int exitCode, String out, String err) {
        this.argv = argv;
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs a command, feeding it the given standard input.
     *
     * @param argv  program and arguments
     * @param stdin text for its standard input, or null for none
     * @return the finished command
     */
    public static Command run(List<String> argv, String stdin) {
        try {
            Process p = processBuilder(argv).start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Command(argv, -1, out.getNow(""), "timed out after " + TIMEOUT_SECONDS + " s");
            }
            return new Command(argv, p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            return new Command(argv, -1, "", "cannot run " + argv.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Command(argv, -1, "", "interrupted");
        }
    }

    /**
     * Sets an environment variable for every command started from now on (for example
     * OVS_RUNDIR, to reach a private OVS).
     *
     * @param name  variable
     * @param value value
     */
    public static void setEnvironment(String name, String value) {
        ENVIRONMENT.put(name, value);
    }

    /**
     * Returns an environment variable as commands see it: the value set by
     * {@link #setEnvironment}, else the JVM's own environment.
     *
     * @param name variable
     * @return value, or null if unset
     */
    public static String environment(String name) {
        String v = ENVIRONMENT.get(name);
        return v != null ? v : System.getenv(name);
    }

    /**
     * Returns a process builder for a command, with the environment set by
     * {@link #setEnvironment}.
     *
     * @param argv program and arguments
     * @return process builder
     */
    public static ProcessBuilder processBuilder(List<String> argv) {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(ENVIRONMENT);
        return pb;
    }

    /**
     * Runs a command with no input.
     *
     * @param argv program and arguments
     * @return the finished command
     */
    public static Command run(String... argv) {
        return run(List.of(argv), null);
    }

    /**
     * Runs a command and fails unless it exits with status 0.
     *
     * @param argv program and arguments
     * @return its standard output
     * @throws IllegalStateException naming the command and its error output
     */
    public static String check(String... argv) {
        return run(argv).orThrow().out();
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream s = stream) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                s.transferTo(buf);
                return buf.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, DRAINERS);
    }

    /**
     * Returns whether the command exited with status 0.
     *
     * @return true on success
     */
    public boolean ok() {
        return exitCode == 0;
    }

    /**
     * Returns this command if it succeeded.
     *
     * @return this
     * @throws IllegalStateException naming the command and its error output otherwise
     */
    public Command orThrow() {
        if (!ok()) {
            throw new IllegalStateException(describeFailure());
        }
        return this;
    }

    /**
     * Returns a one-paragraph description of a failure: command, status and error output.
     *
     * @return description
     */
    public String describeFailure() {
        return String.join(" ", argv) + " exited with " + exitCode + ": " + err.trim();
    }

    /**
     * Returns the exit status.
     *
     * @return exit status, -1 if it could not run or timed out
     */
    public int exitCode() {
        return exitCode;
    }

    /**
     * Returns the standard output.
     *
     * @return output text
     */
    public String out() {
        return out;
    }

    /**
     * Returns the error output.
     *
     * @return error text
     */
    public String err() {
        return err;
    }
}
