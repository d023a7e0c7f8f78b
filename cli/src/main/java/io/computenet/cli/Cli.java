package io.computenet.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computenet.cli.command.CnetCommand;
import io.computenet.cli.output.OutputFormat;
import io.computenet.cli.output.Printer;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Runs one {@code cnet} command line and returns its exit code. Failures are printed here, in one place: the
 * message, the API's bad fields and reasons, and with {@code --output json} the API's problem as JSON, all on
 * standard error; never a stack trace.
 */
public final class Cli {

    private Cli() {
    }

    public static int run(CliEnvironment env, String... args) {
        Messages messages = new Messages(env.locale());
        CommandLine cli = commandLine(env, messages);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) ->
                report(e, env.err(), messages, jsonRequested(args)));
        return cli.execute(args);
    }

    /** The command tree with the user's language and the environment's output streams. */
    public static CommandLine commandLine(CliEnvironment env, Messages messages) {
        CommandLine cli = new CommandLine(new CnetCommand(env, messages));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setResourceBundle(messages.bundle());
        cli.setOut(env.out());
        cli.setErr(env.err());
        return cli;
    }

    static int report(Exception e, PrintWriter err, Messages messages, boolean json) {
        if (!(e instanceof CliFailure failure)) {
            String what = e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": "
                    + e.getMessage();
            err.println(messages.get("error.internal", what));
            err.flush();
            return ExitCodes.INTERNAL;
        }
        if (json) {
            ObjectNode body = failure.problem() != null ? failure.problem().deepCopy()
                    : JsonNodeFactory.instance.objectNode().put("detail", failure.getMessage());
            body.put("exitCode", failure.exitCode());
            err.println(Printer.toJson(body));
        } else {
            err.println(messages.get("error.prefix", failure.getMessage()));
            failure.details().forEach(line -> err.println("  " + line));
        }
        err.flush();
        return failure.exitCode();
    }

    /** Whether the command line asks for JSON (read from the raw arguments: the failure may precede the parse). */
    static boolean jsonRequested(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equalsIgnoreCase("--output=json") || a.equalsIgnoreCase("-ojson") || a.equalsIgnoreCase("-o=json")
                    || ((a.equals("-o") || a.equals("--output")) && i + 1 < args.length
                    && args[i + 1].equalsIgnoreCase(OutputFormat.JSON.name()))) {
                return true;
            }
            if (a.equals("--")) {
                return false;
            }
        }
        return false;
    }
}
