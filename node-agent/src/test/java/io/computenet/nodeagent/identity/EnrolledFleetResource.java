package io.computenet.nodeagent.identity;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gives the agent under test what an operator gives a real one: enrolment tokens (two per region for the test
 * profile's six simulated nodes) and the URL that exchanges them, served by a {@link PortalStub}.
 */
public class EnrolledFleetResource implements QuarkusTestResourceLifecycleManager {

    private static PortalStub portal;

    public static PortalStub portal() {
        return portal;
    }

    @Override
    public Map<String, String> start() {
        portal = new PortalStub();
        try {
            Path dir = Files.createTempDirectory("agent-identity-test");
            List<String> lines = new ArrayList<>();
            for (String scope : List.of("cn-east-yrd:wuhu-1", "cn-west-nm:horinger-1", "cn-west-gz:guian-1")) {
                lines.add(scope + " " + portal.issue(scope));
                lines.add(scope + " " + portal.issue(scope));
            }
            Path tokens = dir.resolve("tokens");
            Files.write(tokens, lines);
            return Map.of("computenet.agent.enrollment.url", portal.url(),
                    "computenet.agent.simulate.tokens-file", tokens.toString(),
                    "computenet.agent.identity-dir", dir.resolve("identity").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (portal != null) {
            portal.close();
        }
    }
}
