package io.computenet.e2e;

import io.computenet.devstack.DevStack;
import io.computenet.devstack.StackOptions;
import io.restassured.RestAssured;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;

/**
 * Starts the whole system once per test run (the same {@link DevStack} that {@code ./computenet up} runs, on free
 * ports) and stops it when the run ends.
 */
public class StackExtension implements BeforeAllCallback {

    private static DevStack stack;

    public static DevStack stack() {
        return stack;
    }

    /** A request to an internal API carrying a service's own token (client credentials of {@code clientId}). */
    public static io.restassured.specification.RequestSpecification asService(String clientId) {
        return RestAssured.given().auth().oauth2(io.computenet.devstack.testing.Tokens.clientCredentials(
                stack.options().realmUrl(), clientId, stack.serviceClients().secret(clientId)));
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (stack != null) {
            return;
        }
        Path home = Path.of(System.getProperty("computenet.home", "..")).toAbsolutePath().normalize();
        Path runDir = home.resolve("tests/target/e2e-stack");
        stack = DevStack.start(StackOptions.forTests(home, runDir));
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .put("computenet-stack", (ExtensionContext.Store.CloseableResource) stack::close);
        RestAssured.baseURI = stack.portalUrl();
        RestAssured.port = stack.options().portalPort();
    }
}
