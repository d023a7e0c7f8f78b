package io.computenet.cli;

import java.nio.file.Path;

/**
 * Where {@code cnet} talks to and keeps its files: an option given on the command line wins, then the environment
 * variable, then the local-run default of {@code ./computenet up}.
 *
 * @param apiUrl    the portal API ({@code --api-url}, {@code CNET_API_URL})
 * @param authUrl   the Keycloak realm ({@code --auth-url}, {@code CNET_AUTH_URL})
 * @param clientId  the realm's public client for the device grant ({@code CNET_CLIENT_ID})
 * @param configDir {@code $XDG_CONFIG_HOME/computenet}, else {@code ~/.config/computenet}
 */
public record Settings(String apiUrl, String authUrl, String clientId, Path configDir) {

    public static final String DEFAULT_API_URL = "http://localhost:8080";
    public static final String DEFAULT_AUTH_URL = "http://localhost:8180/realms/computenet";
    public static final String DEFAULT_CLIENT_ID = "computenet-cli";

    public static Settings resolve(String apiUrlOption, String authUrlOption, CliEnvironment env) {
        String xdg = env.variable("XDG_CONFIG_HOME");
        Path base = xdg != null ? Path.of(xdg) : env.userHome().resolve(".config");
        return new Settings(
                trimSlash(first(apiUrlOption, env.variable("CNET_API_URL"), DEFAULT_API_URL)),
                trimSlash(first(authUrlOption, env.variable("CNET_AUTH_URL"), DEFAULT_AUTH_URL)),
                first(null, env.variable("CNET_CLIENT_ID"), DEFAULT_CLIENT_ID),
                base.resolve("computenet"));
    }

    private static String first(String option, String variable, String fallback) {
        if (option != null && !option.isBlank()) {
            return option.trim();
        }
        return variable != null ? variable : fallback;
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
