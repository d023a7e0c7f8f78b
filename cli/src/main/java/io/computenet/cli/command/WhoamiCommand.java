package io.computenet.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computenet.cli.ExitCodes;
import io.computenet.cli.auth.Session;
import io.computenet.cli.auth.StoredSession;
import picocli.CommandLine.Command;

/** {@code cnet whoami}: who is signed in (user, tenant, roles) and where; refreshes the session if it must. */
@Command(name = "whoami", mixinStandardHelpOptions = true)
class WhoamiCommand extends CnetSubcommand {

    @Override
    public Integer call() {
        Context ctx = ctx();
        Session session = ctx.session();
        session.accessToken(); // an expired access token is refreshed first: an ended session says so here
        StoredSession current = session.stored();
        ObjectNode identity = Identity.of(current, ctx.settings());
        ctx.printer().fields(identity, Identity.fields(identity, ctx));
        return ExitCodes.OK;
    }
}
