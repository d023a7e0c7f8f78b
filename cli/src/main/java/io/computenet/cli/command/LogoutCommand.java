package io.computenet.cli.command;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computenet.cli.CliFailure;
import io.computenet.cli.ExitCodes;
import io.computenet.cli.auth.StoredSession;
import picocli.CommandLine.Command;

import java.util.Optional;

/**
 * {@code cnet logout}: ends the session at Keycloak (its tokens stop working everywhere) and deletes the local
 * tokens. The local file is deleted even when Keycloak cannot be reached; the exit code then says so.
 */
@Command(name = "logout", mixinStandardHelpOptions = true)
class LogoutCommand extends CnetSubcommand {

    @Override
    public Integer call() {
        Context ctx = ctx();
        Optional<StoredSession> stored = ctx.tokens().read();
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        if (stored.isEmpty()) {
            result.put("signedOut", true).put("sessionEnded", false);
            ctx.printer().print(result, ctx.msg("logout.none") + "\n");
            return ExitCodes.OK;
        }
        try {
            if (stored.get().refreshToken() != null && stored.get().authUrl().equals(ctx.settings().authUrl())) {
                ctx.keycloak().logout(stored.get().refreshToken());
            }
        } catch (CliFailure f) {
            ctx.tokens().delete();
            throw new CliFailure(f.exitCode(), ctx.msg("logout.local-only", f.getMessage()));
        }
        ctx.tokens().delete();
        result.put("signedOut", true).put("sessionEnded", true);
        ctx.printer().print(result, ctx.msg("logout.done") + "\n");
        return ExitCodes.OK;
    }
}
