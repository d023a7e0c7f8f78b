package io.computenet.cli;

/** The realm's token endpoints, faked for unit tests: {@code /realms/computenet/protocol/openid-connect/...}. */
public final class FakeRealm implements AutoCloseable {

    public static final String BASE = "/realms/computenet/protocol/openid-connect";
    public final FakeServer server = new FakeServer();

    public String realmUrl() {
        return server.url() + "/realms/computenet";
    }

    /** The refresh grant answers with these tokens (5 minutes, 30 minutes). */
    public void refreshGives(String access, String refresh) {
        server.on("POST", BASE + "/token", r -> "refresh_token".equals(r.form("grant_type"))
                ? FakeServer.Answer.json(200, Tokens.tokenResponse(access, refresh, 300, 1800))
                : FakeServer.Answer.json(400, "{\"error\":\"unsupported_grant_type\"}"));
    }

    @Override
    public void close() {
        server.close();
    }
}
