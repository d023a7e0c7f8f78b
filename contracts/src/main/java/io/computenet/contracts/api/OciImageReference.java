package io.computenet.contracts.api;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A container image field: null or a valid OCI image reference ({@link ImageReference}). */
@Documented
@Constraint(validatedBy = OciImageReference.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD,
        ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface OciImageReference {

    String message() default "must be an OCI image reference like docker.io/vllm/vllm-openai:v0.6.3";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks the annotated value against the OCI reference grammar; null passes (use @NotNull for required). */
    class Validator implements ConstraintValidator<OciImageReference, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || ImageReference.isValid(value);
        }
    }
}
