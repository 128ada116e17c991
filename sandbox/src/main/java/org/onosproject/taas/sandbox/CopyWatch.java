package org.onosproject.taas.sandbox;


import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * tcpdump on a host's interface that keeps, as they arrive, the time (epoch milliseconds, the
 * kernel's receive time) and the text of each received frame matching a filter: what the
 * benchmarks use to tell when the first copy arrived and when the last one did.
 */
public final class CopyWatch implements AutoCloseable {

    /** A received frame: kernel time in epoch milliseconds, and tcpdump's line. */
    public static final class Frame {
        /** Receive time, epoch milliseconds. */
        public final double time;
        /** tcpdump's line without the time. */
        public final String text;

        Frame(double time, String text) {
            this.time = time;
            this.text = text;
        }
    }

    private final Process process;
    private final List<Frame> frames = new ArrayList<>();

    private CopyWatch(Process process) {
        this.process = process;
    }

    /**
     * Starts watching and waits until tcpdump listens.
     *
     * @param inHost argv prefix that runs a command in the host's namespace
     * @param filter tcpdump filter
     * @return running watch
     * @throws IllegalStateException if tcpdump does not start
     */
    public static CopyWatch start(List<String> inHost, String filter) {
        List<String> argv = new ArrayList<>(inHost);
        argv.addAll(List.of("tcpdump", "-i", "eth0", "-Q", "in", "-l", "-n", "-tt", "--immediate-mode"));
        argv.addAll(Arrays.asList(filter.trim().split("\\s+")));
        Process p;
        try {
            p = Capture.startTcpdump(argv);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        CopyWatch w = new CopyWatch(p);
        daemon(() -> {
            try (BufferedReader r = reader(p.getInputStream())) {
                String line;
                while ((line = r.readLine()) != null) {
                    int sp = line.indexOf(' ');
                    if (sp > 0) {
                        try {
                            double t = Double.parseDouble(line.substring(0, sp)) * 1000;
                            synchronized (w.frames) {
                                w.frames.add(new Frame(t, line.substring(sp + 1)));
                            }
                        } catch (NumberFormatException e) {
                            // not a frame line
                        }
                    }
                }
            } catch (IOException e) {
                // tcpdump is gone
            }
        });
        return w;
    }

    private static BufferedReader reader(java.io.InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "copy-watch");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Waits for the first frame received after a time that matches a condition.
     *
     * @param afterMs   epoch milliseconds
     * @param match     condition on tcpdump's line
     * @param timeoutMs how long to wait
     * @return its receive time, epoch milliseconds, or NaN if none came
     */
    public double first(long afterMs, Predicate<String> match, long timeoutMs) {
        double[] found = {Double.NaN};
        Waits.until(() -> {
            synchronized (frames) {
                for (Frame f : frames) {
                    if (f.time >= afterMs && match.test(f.text)) {
                        found[0] = f.time;
                        return true;
                    }
                }
            }
            return false;
        }, timeoutMs);
        return found[0];
    }

    /**
     * Returns the last frame received after a time that matches a condition.
     *
     * @param afterMs epoch milliseconds
     * @param match   condition on tcpdump's line
     * @return its receive time, epoch milliseconds, or NaN if there is none
     */
    public double last(long afterMs, Predicate<String> match) {
        double last = Double.NaN;
        synchronized (frames) {
            for (Frame f : frames) {
                if (f.time >= afterMs && match.test(f.text)) {
                    last = f.time;
                }
            }
        }
        return last;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
