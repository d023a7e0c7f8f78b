package io.computenet.problem.input;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/** Hands the server's JSON reader the {@link StrictJson} mapper; REST clients keep the service's own mapper. */
@Provider
@Singleton
@ConstrainedTo(RuntimeType.SERVER)
public class StrictJsonResolver implements ContextResolver<ObjectMapper> {

    private final ObjectMapper strict;

    @Inject
    public StrictJsonResolver(ObjectMapper base) {
        this.strict = StrictJson.strict(base);
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return strict;
    }
}
