package io.computenet.nodeagent;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.util.Arrays;

/**
 * Entry point: {@code discover [options]} prints this node's inventory and exits; {@code enroll [options]} exchanges an
 * enrolment token and prints the node identity; no argument runs the agent.
 * Discovery runs before Quarkus starts, so it needs neither Kafka nor configuration.
 */
@QuarkusMain
public class NodeAgentMain {

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("discover")) {
            System.exit(DiscoverCommand.run(Arrays.asList(args).subList(1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("enroll")) {
            System.exit(EnrollCommand.run(Arrays.asList(args).subList(1, args.length), System.out, System.err));
        }
        Quarkus.run(args);
    }
}
