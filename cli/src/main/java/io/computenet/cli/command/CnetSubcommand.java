package io.computenet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** A command below {@code cnet}: reaches the run's {@link Context} through the root command. Returns its exit code. */
abstract class CnetSubcommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    Context ctx() {
        return ((CnetCommand) spec.root().userObject()).context();
    }

    /** A path segment from user input (a lease id), encoded so it cannot leave its segment. */
    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String text(JsonNode node, String field) {
        return io.computenet.cli.output.Formats.text(node, field);
    }
}
