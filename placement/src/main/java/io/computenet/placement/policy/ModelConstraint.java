package io.computenet.placement.policy;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which GPU models a task may run on: {@code |}-separated model names, as in a trace's {@code gpu_spec} column or a
 * lease's model constraint. Empty means any model.
 *
 * @param spec   the constraint as written (kept for ordering and printing)
 * @param models the allowed models; empty means any
 */
public record ModelConstraint(String spec, Set<String> models) {

    /** Any model. */
    public static final ModelConstraint ANY = new ModelConstraint("", Set.of());

    public ModelConstraint {
        spec = spec == null ? "" : spec;
        models = Set.copyOf(models);
    }

    /** Parses {@code "V100M16|V100M32"}; blank means {@link #ANY}. */
    public static ModelConstraint parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return ANY;
        }
        Set<String> models = Arrays.stream(spec.split("\\|")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        return models.isEmpty() ? ANY : new ModelConstraint(spec.trim(), models);
    }

    public boolean allows(String model) {
        return models.isEmpty() || models.contains(model);
    }

    public boolean isAny() {
        return models.isEmpty();
    }
}
