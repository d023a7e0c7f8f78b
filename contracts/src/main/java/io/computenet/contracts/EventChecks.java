package io.computenet.contracts;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Collects the problems of a decoded event, field by field, so a rejection names every bad field. */
public final class EventChecks {

    private final List<String> problems = new ArrayList<>();

    public static EventChecks envelope(Event e, int supportedVersion, Set<String> types) {
        EventChecks c = new EventChecks();
        c.notBlank("eventId", e.eventId());
        if (e.type() == null || !types.contains(e.type())) {
            c.problems.add("type: must be one of " + types + " but was " + e.type());
        }
        if (e.schemaVersion() != supportedVersion) {
            c.problems.add("schemaVersion: only " + supportedVersion + " is supported but was " + e.schemaVersion());
        }
        c.notNull("occurredAt", e.occurredAt());
        return c;
    }

    public EventChecks notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(field + ": must not be blank");
        }
        return this;
    }

    public EventChecks notNull(String field, Object value) {
        if (value == null) {
            problems.add(field + ": must not be null");
        }
        return this;
    }

    public EventChecks check(boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
        return this;
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }
}
