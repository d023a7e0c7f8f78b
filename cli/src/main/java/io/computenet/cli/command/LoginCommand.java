package io.computenet.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computenet.cli.ExitCodes;
import io.computenet.cli.auth.DeviceLogin;
import io.computenet.cli.auth.StoredSession;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * {@code cnet login}: signs in with the device authorization grant. Prints where to approve the sign-in and the
 * code (on standard error), waits for the approval, and keeps the tokens in the config directory (mode 0600).
 */
@Command(name = "login", mixinStandardHelpOptions = true)
class LoginCommand extends CnetSubcommand {

    @Override
    public Integer call() {
        Context ctx = ctx();
        PrintWriter notes = ctx.notes();
        StoredSession session = new DeviceLogin(ctx.keycloak(), ctx.env().clock(), ctx.env().sleeper(),
                ctx.messages()).signIn(device -> {
                    notes.println(ctx.msg("login.open", device.verificationUri()));
                    notes.println(ctx.msg("login.code", device.userCode()));
                    if (device.verificationUriComplete() != null) {
                        notes.println(ctx.msg("login.direct", device.verificationUriComplete()));
                    }
                    notes.println(ctx.msg("login.waiting"));
                    notes.flush();
                });
        ctx.tokens().write(session);
        ObjectNode identity = Identity.of(session, ctx.settings());
        ctx.printer().print(identity, ctx.msg("login.done", identity.path("username").asText(),
                identity.path("tenant").asText("-"), ctx.tokens().file()) + "\n");
        return ExitCodes.OK;
    }
}
