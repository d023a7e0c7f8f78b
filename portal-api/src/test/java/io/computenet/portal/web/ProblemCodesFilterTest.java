package io.computenet.portal.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.portal.upstream.CodedProblem;
import io.computenet.problem.FieldProblem;
import io.computenet.problem.Problem;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The portal's own problems go out with their codes, the body otherwise as it was; other answers are left alone. */
class ProblemCodesFilterTest {

    /** A response holding {@code entity}; what the filter sets is kept under "entity" and "mediaType". */
    private static ContainerResponseContext response(Object entity, Map<String, Object> kept) {
        kept.put("entity", entity);
        return (ContainerResponseContext) Proxy.newProxyInstance(ProblemCodesFilterTest.class.getClassLoader(),
                new Class<?>[]{ContainerResponseContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getEntity" -> kept.get("entity");
                    case "getMediaType" -> MediaType.valueOf(Problem.MEDIA_TYPE);
                    case "getEntityAnnotations" -> new java.lang.annotation.Annotation[0];
                    case "setEntity" -> {
                        kept.put("entity", args[0]);
                        kept.put("mediaType", args.length == 3 ? args[2] : null);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aRefusedFieldGoesOutWithItsCodeAndTheSameBody() throws Exception {
        // given: what the portal answers for a bad month
        Problem problem = new FieldProblem("period", "a month as YYYY-MM is required").toProblem();
        Map<String, Object> kept = new HashMap<>();

        // when
        new ProblemCodesFilter().filter(null, response(problem, kept));

        // then
        assertThat(kept.get("entity")).isInstanceOf(CodedProblem.class);
        assertThat(kept.get("mediaType")).hasToString(Problem.MEDIA_TYPE);
        JsonNode json = new ObjectMapper().valueToTree(kept.get("entity"));
        assertThat(json.path("type").asText()).isEqualTo(problem.type());
        assertThat(json.path("status").asInt()).isEqualTo(400);
        assertThat(json.path("detail").asText()).isEqualTo(problem.detail());
        assertThat(json.path("errors").get(0).path("field").asText()).isEqualTo("period");
        assertThat(json.path("detailCode").path("code").asText()).isEqualTo("invalid_field");
        assertThat(json.path("detailCode").path("args").get(0).asText()).isEqualTo("period");
    }

    @Test
    void leavesAnAnswerThatIsNoProblemAlone() throws Exception {
        // given
        Map<String, Object> kept = new HashMap<>();

        // when
        new ProblemCodesFilter().filter(null, response("fine", kept));

        // then
        assertThat(kept).containsEntry("entity", "fine").doesNotContainKey("mediaType");
    }

    @Test
    void aProblemOfATypeThePortalDoesNotKnowKeepsItsDetailWithoutACode() throws Exception {
        // given
        Map<String, Object> kept = new HashMap<>();

        // when
        new ProblemCodesFilter().filter(null, response(Problem.of(418, "teapot", "Teapot", "short and stout"), kept));

        // then
        JsonNode json = new ObjectMapper().valueToTree(kept.get("entity"));
        assertThat(json.path("detail").asText()).isEqualTo("short and stout");
        assertThat(json.has("detailCode")).isFalse();
    }
}
