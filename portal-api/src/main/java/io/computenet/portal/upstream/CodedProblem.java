package io.computenet.portal.upstream;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.computenet.contracts.api.PendingReason;
import io.computenet.problem.Problem;

import java.util.List;

/**
 * A problem as the portal answers it (an internal service's passed on, or its own): unchanged, plus its
 * {@code reasons} as codes with arguments ({@code reasonCodes}, {@link PendingReason}) and, for a type the portal knows,
 * the problem itself as a code with arguments ({@code detailCode}, {@link ProblemCodes}), so that the pages word them in
 * their own language; each bad field's reason as a code with arguments too ({@code errorCodes}, {@link FieldReasons},
 * in the order of {@code errors}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CodedProblem(String type, String title, int status, String detail, List<Problem.FieldError> errors,
                           List<String> reasons, List<PendingReason> reasonCodes, PendingReason detailCode,
                           List<FieldReasons.FieldReason> errorCodes) {

    public static CodedProblem of(Problem p) {
        return new CodedProblem(p.type(), p.title(), p.status(), p.detail(), p.errors(), p.reasons(),
                PendingReason.of(p.reasons()), ProblemCodes.of(p).orElse(null), FieldReasons.of(p.errors()));
    }
}
