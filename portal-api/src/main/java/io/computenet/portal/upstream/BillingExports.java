package io.computenet.portal.upstream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Billing's export, read as a stream: the body is handed on as it arrives, never held whole (an export can be
 * millions of lines). The MicroProfile REST client reads an entity whole, so this one call uses the JDK's HTTP client
 * against the same configured billing URL; errors are billing's problems passed on, or 503 when billing is down.
 */
@ApplicationScoped
public class BillingExports {

    private static final int MAX_ERROR_BODY = 64 * 1024;

    @ConfigProperty(name = "quarkus.rest-client.billing.url")
    String billingUrl;
    @ConfigProperty(name = "quarkus.rest-client.billing.connect-timeout", defaultValue = "2000")
    long connectTimeoutMillis;
    @ConfigProperty(name = "quarkus.rest-client.billing.read-timeout", defaultValue = "30000")
    long readTimeoutMillis;

    /** The portal's service identity (svc-portal, client credentials): billing refuses calls without it. */
    @jakarta.inject.Inject
    io.quarkus.oidc.client.OidcClient serviceIdentity;

    private volatile HttpClient http;

    /** An export being received: its media type, its file name header, and the body to copy on. */
    public record Download(String contentType, String contentDisposition, InputStream body) {
    }

    /** Asks billing for a period's export; the caller must read and close the body. */
    public Download open(String period, String format) {
        StringBuilder uri = new StringBuilder(billingUrl).append("/internal/v1/exports?period=")
                .append(URLEncoder.encode(period == null ? "" : period, StandardCharsets.UTF_8));
        if (format != null) {
            uri.append("&format=").append(URLEncoder.encode(format, StandardCharsets.UTF_8));
        }
        String token = serviceIdentity.getTokens().await().atMost(Duration.ofMillis(readTimeoutMillis))
                .getAccessToken();
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri.toString()))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMillis(readTimeoutMillis)).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new ProcessingException("billing export: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessingException("billing export interrupted", e);
        }
        if (response.statusCode() >= 400) {
            try (InputStream in = response.body()) {
                String body = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
                throw UpstreamProblems.problem(response.statusCode(), body);
            } catch (IOException e) {
                throw new ProcessingException("billing export: " + e, e);
            }
        }
        return new Download(response.headers().firstValue("Content-Type").orElse("text/csv; charset=UTF-8"),
                response.headers().firstValue("Content-Disposition").orElse(null), response.body());
    }

    private HttpClient client() {
        HttpClient c = http;
        if (c == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(connectTimeoutMillis))
                            .version(HttpClient.Version.HTTP_1_1).build();
                }
                c = http;
            }
        }
        return c;
    }
}
