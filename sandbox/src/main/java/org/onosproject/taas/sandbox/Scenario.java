package org.onosproject.taas.sandbox;

import java.util.List;

/**
 * A parsed scenario file: a topology and the steps to run on it.
 */
public final class Scenario {

    /**
     * One step line.
     */
    public static final class Step {
        /** Line number in the file, from 1. */
        public final int line;
        /** The keyword (first word). */
        public final String keyword;
        /** The remaining words. */
        public final List<String> args;
        /** The line as written, without comment. */
        public final String text;

        Step(int line, String keyword, List<String> args, String text) {
            this.line = line;
            this.keyword = keyword;
            this.args = List.copyOf(args);
            this.text = text;
        }
    }

    private final String name;
    private final String file;
    private final Topology topology;
    private final List<Step> steps;

    Scenario(String name, String file, Topology topology, List<Step> steps) {
        this.name = name;
        this.file = file;
        this.topology = topology;
        this.steps = List.copyOf(steps);
    }

    /**
     * Returns the scenario's name.
     *
     * @return name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the file it was read from.
     *
     * @return file name
     */
    public String file() {
        return file;
    }

    /**
     * Returns its topology.
     *
     * @return topology
     */
    public Topology topology() {
        return topology;
    }

    /**
     * Returns its steps, in order.
     *
     * @return steps
     */
    public List<Step> steps() {
        return steps;
    }
}
