package io.computenet.cli.command;

import io.computenet.cli.CliEnvironment;
import io.computenet.cli.Messages;
import io.computenet.cli.Settings;
import io.computenet.cli.api.Http;
import io.computenet.cli.api.PortalClient;
import io.computenet.cli.auth.KeycloakClient;
import io.computenet.cli.auth.Session;
import io.computenet.cli.auth.TokenStore;
import io.computenet.cli.output.Formats;
import io.computenet.cli.output.OutputFormat;
import io.computenet.cli.output.Printer;

import java.io.PrintWriter;

/** What a command works with, built once per run from the global options and the {@link CliEnvironment}. */
public final class Context {

    private final CliEnvironment env;
    private final Messages messages;
    private final Settings settings;
    private final Http http;
    private final Printer printer;
    private final Formats formats;

    Context(CliEnvironment env, Messages messages, Settings settings, OutputFormat output) {
        this.env = env;
        this.messages = messages;
        this.settings = settings;
        this.http = new Http(messages);
        this.printer = new Printer(env.out(), output);
        this.formats = new Formats(messages, env.zone());
    }

    public CliEnvironment env() {
        return env;
    }

    public Messages messages() {
        return messages;
    }

    public String msg(String key, Object... args) {
        return messages.get(key, args);
    }

    public Settings settings() {
        return settings;
    }

    public Printer printer() {
        return printer;
    }

    public Formats formats() {
        return formats;
    }

    /** Progress and notes for people: standard error, so standard output stays the result (JSON for scripts). */
    public PrintWriter notes() {
        return env.err();
    }

    public TokenStore tokens() {
        return new TokenStore(settings.configDir());
    }

    public KeycloakClient keycloak() {
        return new KeycloakClient(http, messages, settings.authUrl(), settings.clientId());
    }

    public Session session() {
        return new Session(tokens(), keycloak(), settings.authUrl(), env.clock(), messages);
    }

    public PortalClient portal() {
        return new PortalClient(http, session(), messages, settings.apiUrl());
    }
}
