package io.computenet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computenet.cli.Settings;
import io.computenet.cli.auth.Jwt;
import io.computenet.cli.auth.StoredSession;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Who is signed in, read from the session's access token: what {@code login} and {@code whoami} print. */
final class Identity {

    /** Roles every realm user has, which say nothing about what the user may do here. */
    private static final Set<String> IMPLICIT_ROLES = Set.of("offline_access", "uma_authorization");

    private Identity() {
    }

    static ObjectNode of(StoredSession session, Settings settings) {
        JsonNode claims = Jwt.claims(session.accessToken());
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("username", claims.path("preferred_username").asText(session.username()));
        out.put("name", claims.path("name").asText(null));
        out.put("email", claims.path("email").asText(null));
        out.put("tenant", claims.path("tenant").asText(null));
        ArrayNode roles = out.putArray("roles");
        for (JsonNode r : claims.path("realm_access").path("roles")) {
            if (!IMPLICIT_ROLES.contains(r.asText()) && !r.asText().startsWith("default-roles-")) {
                roles.add(r.asText());
            }
        }
        out.put("sessionExpiresAt", session.refreshExpiresAt() > 0
                ? Instant.ofEpochSecond(session.refreshExpiresAt()).toString() : null);
        out.put("apiUrl", settings.apiUrl());
        out.put("authUrl", settings.authUrl());
        return out;
    }

    static List<String[]> fields(ObjectNode identity, Context ctx) {
        List<String> roles = new ArrayList<>();
        identity.path("roles").forEach(r -> roles.add(r.asText()));
        return List.of(
                new String[]{ctx.msg("field.username"), CnetSubcommand.text(identity, "username")},
                new String[]{ctx.msg("field.name"), CnetSubcommand.text(identity, "name")},
                new String[]{ctx.msg("field.email"), CnetSubcommand.text(identity, "email")},
                new String[]{ctx.msg("field.tenant"), CnetSubcommand.text(identity, "tenant")},
                new String[]{ctx.msg("field.roles"), String.join(", ", roles)},
                new String[]{ctx.msg("field.session-expires"), ctx.formats().instant(identity.get("sessionExpiresAt"))},
                new String[]{ctx.msg("field.api-url"), CnetSubcommand.text(identity, "apiUrl")},
                new String[]{ctx.msg("field.auth-url"), CnetSubcommand.text(identity, "authUrl")});
    }
}
