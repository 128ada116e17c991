package org.onosproject.taas.sandbox;

import org.onosproject.taas.sandbox.rest.RestServer;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Command line of the REST sandbox: {@code RestSandbox SCENARIO_FILE} builds the scenario's
 * topology (switches, hosts, links; its steps are not run), starts the application's
 * components over it, serves the REST API on {@code http://127.0.0.1:8181/onos/taas}
 * (HTTP basic auth onos/rocks), prints each host's connect point, then {@code ready}, and
 * runs until the process is terminated (SIGTERM or SIGINT), when it stops the web server
 * and the components and removes the bridges and namespaces it built. The base URI can be
 * changed with SANDBOX_REST_URI.
 */
public final class RestSandbox {

    /** Where the API is served by default, as on an ONOS instance. */
    public static final String DEFAULT_URI = "http://127.0.0.1:8181/onos/taas/";

    private RestSandbox() {
    }

    /**
     * Runs the REST sandbox.
     *
     * @param args one scenario file
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: RestSandbox SCENARIO_FILE");
            System.exit(2);
        }
        Scenario scenario;
        try {
            scenario = ScenarioParser.parse(Path.of(args[0]));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        String runId = System.getenv().getOrDefault("SANDBOX_RUN_ID",
                Long.toString(ProcessHandle.current().pid() % 10000));
        URI base = URI.create(System.getenv().getOrDefault("SANDBOX_REST_URI", DEFAULT_URI));
        Sandbox sandbox = new Sandbox(runId, scenario.topology());
        RestServer rest = new RestServer(base);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            System.out.println("stopping");
            System.out.flush();
            try {
                rest.close();
            } catch (RuntimeException e) {
                System.err.println(e.getMessage());
            } finally {
                sandbox.close();
                System.out.println("stopped");
                System.out.flush();
                stopped.countDown();
            }
        }, "rest-sandbox-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("== " + scenario.name() + " (" + args[0] + ")");
        if (!scenario.steps().isEmpty()) {
            System.out.println("   (" + scenario.steps().size() + " steps not run: the REST sandbox builds only "
                    + "the topology; create taps over REST)");
        }
        try {
            sandbox.start();
            if (!sandbox.engineRunning()) {
                throw new IllegalStateException("the rule engine did not start");
            }
            rest.start(sandbox.components().taas(), sandbox.components().admin());
        } catch (RuntimeException e) {
            System.err.println("the REST sandbox did not start: " + e.getMessage());
            System.exit(1);
        }
        for (Topology.Host h : scenario.topology().hosts().values()) {
            System.out.printf("   host %-8s %s  %s  %s  netns %s%n", h.name, sandbox.connectPoint(h), h.ip, h.mac,
                    sandbox.plumbing().namespace(h));
        }
        System.out.println("   REST API: " + base + " (HTTP basic auth " + RestServer.USER + "/"
                + RestServer.PASSWORD + ")");
        System.out.println("ready");
        System.out.flush();
        stopped.await();
    }
}
