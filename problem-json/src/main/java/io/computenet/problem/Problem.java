package io.computenet.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}).
 *
 * @param type    stable URI of the kind of problem; clients switch on it
 * @param title   short human summary of the kind
 * @param status  HTTP status
 * @param detail  what went wrong in this occurrence
 * @param errors  the offending fields of a bad request
 * @param reasons further concrete reasons (e.g. why no capacity fits)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors,
                      List<String> reasons) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://computenet.io/problems/";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, List.of(), List.of());
    }

    /** One bad field of a request: its JSON path and what is wrong with it. */
    public record FieldError(String field, String message) {
    }
}
