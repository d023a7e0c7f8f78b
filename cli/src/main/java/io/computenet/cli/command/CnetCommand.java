package io.computenet.cli.command;

import io.computenet.cli.CliEnvironment;
import io.computenet.cli.Messages;
import io.computenet.cli.Settings;
import io.computenet.cli.output.OutputFormat;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * {@code cnet}, the root command: the options every command shares (where the API and the realm are, how to
 * print) and the subcommands. Its help texts come from the {@link Messages} bundle of the user's locale.
 */
@Command(name = "cnet", mixinStandardHelpOptions = true, versionProvider = CnetCommand.Version.class,
        subcommands = {LoginCommand.class, LogoutCommand.class, WhoamiCommand.class, OffersCommand.class,
                QuoteCommand.class, LeaseCommand.class, BalanceCommand.class, InvoicesCommand.class,
                AutoComplete.GenerateCompletion.class})
public class CnetCommand implements Runnable {

    @Option(names = "--api-url", paramLabel = "URL", scope = ScopeType.INHERIT)
    String apiUrl;

    @Option(names = "--auth-url", paramLabel = "URL", scope = ScopeType.INHERIT)
    String authUrl;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", scope = ScopeType.INHERIT)
    OutputFormat output;

    @Spec
    CommandSpec spec;

    private final CliEnvironment env;
    private final Messages messages;
    private Context context;

    public CnetCommand(CliEnvironment env, Messages messages) {
        this.env = env;
        this.messages = messages;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), messages.get("error.missing-command"));
    }

    Context context() {
        if (context == null) {
            context = new Context(env, messages, Settings.resolve(apiUrl, authUrl, env), output);
        }
        return context;
    }

    /** The version of the build, from the filtered {@code cnet-version.properties}. */
    static class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = CnetCommand.class.getResourceAsStream("/cnet-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[]{"cnet " + p.getProperty("version", "unknown")};
        }
    }
}
