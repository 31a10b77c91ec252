package dev.octet.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Renders a kustomize overlay with {@code kubectl kustomize}, into the objects it would apply. */
final class Kustomize {

    private Kustomize() {
    }

    static List<KubeObject> render(Path overlay) {
        Tools.Result result = Tools.run(Tools.concat(Tools.kubectl(), "kustomize", overlay.toString()), overlay);
        if (!result.succeeded()) {
            throw new DeploymentFileException("kubectl kustomize " + overlay + " failed:\n" + result.errors().strip());
        }
        List<KubeObject> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(result.output())) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && document.isObject() && document.size() > 0) {
                    objects.add(new KubeObject(document));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the output of kubectl kustomize " + overlay, e);
        }
        return objects;
    }
}
