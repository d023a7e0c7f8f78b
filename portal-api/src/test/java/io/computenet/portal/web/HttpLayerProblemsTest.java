package io.computenet.portal.web;

import io.computenet.portal.upstream.CodedProblem;
import io.computenet.problem.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.handler.HttpException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP layer's refusals become the problems the pages word by their code; anything else is left to Quarkus. */
class HttpLayerProblemsTest {

    private static String codeOf(Throwable failure, int status) {
        Problem p = HttpLayerProblems.problemOf(failure, status).orElseThrow();
        return ((CodedProblem) new CodedProblemBody().of(p)).detailCode().code();
    }

    @Test
    void securityRefusalsAreUnauthorizedOrForbiddenWithTheirCodes() {
        assertThat(codeOf(new AuthenticationFailedException(), -1)).isEqualTo("unauthorized");
        assertThat(codeOf(new UnauthorizedException(), -1)).isEqualTo("unauthorized");
        assertThat(codeOf(new ForbiddenException(), -1)).isEqualTo("forbidden");
        assertThat(codeOf(null, 401)).isEqualTo("unauthorized");
        assertThat(codeOf(new HttpException(403), -1)).isEqualTo("forbidden");
    }

    @Test
    void theHttpLayersSizeRefusalsHaveTheirCodes() {
        assertThat(codeOf(new HttpException(413), -1)).isEqualTo("payload_too_large");
        assertThat(codeOf(null, 413)).isEqualTo("payload_too_large");
        assertThat(codeOf(null, 414)).isEqualTo("uri_too_long");
        assertThat(codeOf(null, 400)).isEqualTo("bad_request");
        assertThat(HttpLayerProblems.problemOf(null, 413).orElseThrow().status()).isEqualTo(413);
    }

    @Test
    void leavesOtherFailuresToQuarkus() {
        // a sign-in redirect or an unexpected exception: not a refusal of the HTTP layer's
        assertThat(HttpLayerProblems.problemOf(new IllegalStateException("boom"), 500)).isEmpty();
        assertThat(HttpLayerProblems.problemOf(null, 302)).isEmpty();
        assertThat(HttpLayerProblems.problemOf(null, -1)).isEmpty();
    }
}
