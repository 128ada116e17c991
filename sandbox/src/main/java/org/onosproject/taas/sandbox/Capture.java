package org.onosproject.taas.sandbox;

import org.onosproject.taas.sandbox.net.Command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * tcpdump on a host's interface, recording the frames the host receives (direction in), except
 * link-discovery probes, to a pcap file, then counting or listing them with a filter.
 */
public final class Capture {

    /**
     * Capture filter: link-discovery probes (LLDP 0x88cc, BDDP 0x8942), which a real ONOS
     * sends out of every port every 3 s, are never recorded; they are not traffic of the
     * scenario.
     */
    static final String NOT_LINK_DISCOVERY = "not ether proto 0x88cc and not ether proto 0x8942";

    private final Path file;
    private final Process process;

    private Capture(Path file, Process process) {
        this.file = file;
        this.process = process;
    }

    /**
     * Starts a capture and waits until tcpdump listens.
     *
     * @param inHost argv prefix that runs a command in the host's namespace
     * @param file   pcap file to write
     * @return running capture
     * @throws IOException if tcpdump cannot be started or does not start listening
     */
    public static Capture start(List<String> inHost, Path file) throws IOException {
        List<String> argv = new ArrayList<>(inHost);
        argv.addAll(List.of("tcpdump", "-i", "eth0", "-Q", "in", "-U", "--immediate-mode", "-nn", "-Z", "root",
                "-s", "256", "-w", file.toString()));
        argv.addAll(Arrays.asList(NOT_LINK_DISCOVERY.split(" ")));
        return new Capture(file, startTcpdump(argv));
    }

    /**
     * Starts a tcpdump command line and waits until it listens (its standard output is left to
     * the caller).
     *
     * @param argv the whole command line
     * @return the running process
     * @throws IOException if it cannot be started or does not start listening within 10 s
     */
    static Process startTcpdump(List<String> argv) throws IOException {
        Process p = Command.processBuilder(argv).start();
        p.getOutputStream().close();
        CompletableFuture<Boolean> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.contains("listening on")) {
                        listening.complete(true);
                    }
                }
            } catch (IOException e) {
                // tcpdump is gone
            }
            listening.complete(false);
        }, "tcpdump-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            if (Boolean.TRUE.equals(listening.get(10, TimeUnit.SECONDS))) {
                return p;
            }
        } catch (Exception e) {
            // reported below
        }
        p.destroyForcibly();
        throw new IOException("tcpdump did not start listening: " + String.join(" ", argv));
    }

    /**
     * Stops the capture (tcpdump flushes its file on SIGTERM).
     */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Lists the captured frames that match a tcpdump filter, one line each, with link-level
     * headers (so VLAN tags show).
     *
     * @param filter tcpdump filter expression, empty for all frames
     * @return lines
     * @throws IllegalArgumentException if tcpdump rejects the filter
     */
    public List<String> frames(String filter) {
        List<String> argv = new ArrayList<>(List.of("tcpdump", "-r", file.toString(), "-nn", "-e"));
        if (!filter.isBlank()) {
            argv.addAll(Arrays.asList(filter.trim().split("\\s+")));
        }
        Command c = Command.run(argv, null);
        if (!c.ok()) {
            throw new IllegalArgumentException("tcpdump rejected filter '" + filter + "': " + c.err().trim());
        }
        return Arrays.stream(c.out().split("\n")).filter(l -> !l.isBlank()).collect(Collectors.toList());
    }

    // Reads a pcap, keeps the GRE (transparent Ethernet bridging) or ERSPAN type II packets
    // with the key asked for (argv: in, out, gre|erspan, key|any), writes their inner frames.
    private static final String DECAPSULATE = String.join("\n",
            "import sys",
            "from scapy.all import rdpcap, wrpcap, GRE, Ether",
            "from scapy.contrib.erspan import ERSPAN_II",
            "src, dst, kind, want = sys.argv[1:5]",
            "inner = []",
            "for p in rdpcap(src):",
            "    if GRE not in p:",
            "        continue",
            "    g = p[GRE]",
            "    if kind == 'gre' and g.proto == 0x6558 and g.key_present:",
            "        key, frame = g.key, bytes(g.payload)",
            "    elif kind == 'erspan' and g.proto == 0x88be and ERSPAN_II in g:",
            "        key, frame = g[ERSPAN_II].session_id, bytes(g[ERSPAN_II].payload)",
            "    else:",
            "        continue",
            "    if want == 'any' or int(want) == key:",
            "        inner.append(Ether(frame))",
            "if inner:",
            "    wrpcap(dst, inner)",
            "else:",
            "    open(dst, 'wb').close()",
            "");

    /**
     * Lists the frames received encapsulated in GRE or ERSPAN type II, decoded (scapy, with
     * {@code /usr/bin/python3}), that carry a key and whose inner frame matches a tcpdump
     * filter, one line each as {@link #frames} prints them.
     *
     * @param type   {@code gre} (key: the GRE key) or {@code erspan} (key: the session id)
     * @param key    the key, or null for any
     * @param filter tcpdump filter on the inner frames, empty for all
     * @return lines
     * @throws IllegalStateException if decoding fails
     */
    public List<String> decoded(String type, Long key, String filter) {
        java.nio.file.Path inner = file.resolveSibling(file.getFileName() + "." + type + "." + key + ".pcap");
        Command c = Command.run(List.of("/usr/bin/python3", "-", file.toString(), inner.toString(), type,
                                        key == null ? "any" : key.toString()), DECAPSULATE);
        if (!c.ok()) {
            throw new IllegalStateException("decoding " + file + " failed: " + c.err().trim());
        }
        try {
            if (java.nio.file.Files.size(inner) == 0) {
                return List.of();
            }
        } catch (IOException e) {
            throw new IllegalStateException("decoding " + file + " wrote nothing: " + e.getMessage(), e);
        }
        return new Capture(inner, null).frames(filter);
    }
}
