package dev.octet.chunk.client;

import dev.octet.platform.web.Problem;
import dev.octet.platform.web.ProblemException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * The metadata service's answers that are errors. A problem document is a final answer (a lease held
 * by another writer, a missing file) and is passed on to the client as it is; anything else at 5xx
 * means the service could not answer, and the call may be retried.
 */
public class MetadataProblemMapper implements ResponseExceptionMapper<RuntimeException> {

    @Override
    public RuntimeException toThrowable(Response response) {
        int status = response.getStatus();
        MediaType type = response.getMediaType();
        if (type != null && type.toString().startsWith(Problem.MEDIA_TYPE) && status != 500) {
            Problem problem = response.readEntity(Problem.class);
            String slug = problem.type() == null ? "metadata" : problem.type().getPath().replaceFirst(".*/", "");
            return new ProblemException(status, slug, problem.title(), problem.detail());
        }
        if (status >= 500) {
            return new MetadataUnavailableException("The metadata service answered " + status);
        }
        return new ProblemException(status, "metadata", "Metadata service error",
                "The metadata service answered " + status + ".");
    }
}
