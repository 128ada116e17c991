package org.onosproject.taas.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Command line of the scenario runner: {@code Main [--onos] FILE|DIR...} runs the scenarios
 * on the in-process sandbox, or with {@code --onos} on the real ONOS that
 * {@link OnosNetwork.OnosSettings#fromEnvironment()} names, and exits 0 only when every
 * expectation held. Expects a running private OVS (tools/onos-test.sh starts it); the run
 * id for the names it creates comes from SANDBOX_RUN_ID, and captures go to SANDBOX_WORK (a
 * temporary directory if unset).
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs scenario files.
     *
     * @param args scenario files or directories of {@code *.scn} files
     * @throws Exception if the runner cannot start
     */
    public static void main(String[] args) throws Exception {
        boolean onos = args.length > 0 && args[0].equals("--onos");
        List<String> files = List.of(args).subList(onos ? 1 : 0, args.length);
        if (files.isEmpty()) {
            System.err.println("usage: Main [--onos] SCENARIO_FILE|DIR...");
            System.exit(2);
        }
        String runId = System.getenv().getOrDefault("SANDBOX_RUN_ID",
                Long.toString(ProcessHandle.current().pid() % 10000));
        String workEnv = System.getenv("SANDBOX_WORK");
        Path work = workEnv != null ? Files.createDirectories(Path.of(workEnv))
                : Files.createTempDirectory("taas-sandbox-");
        OnosNetwork.OnosSettings settings = onos ? OnosNetwork.OnosSettings.fromEnvironment() : null;
        Supplier<NetworkUnderTest> backend = onos ? () -> new OnosNetwork(runId, settings, System.out)
                : () -> new SandboxNetwork(runId);
        ScenarioRunner runner = new ScenarioRunner(backend, work, System.out);
        long start = System.currentTimeMillis();
        for (Path f : ScenarioRunner.files(files)) {
            runner.run(f);
        }
        System.out.printf("== %d scenario files in %.1f s%n", ScenarioRunner.files(files).size(),
                (System.currentTimeMillis() - start) / 1000.0);
        runner.printBench();
        System.out.println(runner.passed() + " passed, " + runner.failed() + " failed");
        System.out.flush();
        System.exit(runner.failed() == 0 && runner.passed() > 0 ? 0 : 1);
    }
}
