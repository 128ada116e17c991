package org.onosproject.taas.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Command line of the sandbox: {@code Main FILE|DIR...} runs the scenarios and exits 0 only
 * when every expectation held. Expects a running private OVS (tools/onos-test.sh starts it);
 * the run id for the names it creates comes from SANDBOX_RUN_ID, and captures go to
 * SANDBOX_WORK (a temporary directory if unset).
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
        if (args.length == 0) {
            System.err.println("usage: Main SCENARIO_FILE|DIR...");
            System.exit(2);
        }
        String runId = System.getenv().getOrDefault("SANDBOX_RUN_ID",
                Long.toString(ProcessHandle.current().pid() % 10000));
        String workEnv = System.getenv("SANDBOX_WORK");
        Path work = workEnv != null ? Files.createDirectories(Path.of(workEnv))
                : Files.createTempDirectory("taas-sandbox-");
        ScenarioRunner runner = new ScenarioRunner(runId, work, System.out);
        List<Path> files = ScenarioRunner.files(List.of(args));
        for (Path f : files) {
            runner.run(f);
        }
        runner.printBench();
        System.out.println(runner.passed() + " passed, " + runner.failed() + " failed");
        System.out.flush();
        System.exit(runner.failed() == 0 && runner.passed() > 0 ? 0 : 1);
    }
}
