package dev.octet.deployment;

import java.util.Collection;
import java.util.Optional;

/** Image references: which are pinned to a release, which this repository builds. */
final class Images {

    private Images() {
    }

    /** Why this image reference is not pinned to one release, or empty if it is. */
    static Optional<String> notPinned(String image) {
        if (image.contains("@sha256:")) {
            return Optional.empty();
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon < slash + 1 || colon < 0) {
            return Optional.of("has no tag, which means latest");
        }
        String tag = image.substring(colon + 1);
        if (tag.equals("latest")) {
            return Optional.of("is tagged latest");
        }
        if (!tag.matches("v?\\d+\\.\\d+.*") && !tag.matches("RELEASE\\.\\d{4}-.*")) {
            return Optional.of("has tag " + tag + ", which is not a release (pin a version such as 1.2.3)");
        }
        return Optional.empty();
    }

    /** The repository part: the reference without its tag or digest. */
    static String repository(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        return colon > slash ? withoutDigest.substring(0, colon) : withoutDigest;
    }

    /** Whether this is one of the images the service modules' Dockerfiles build. */
    static boolean builtFromModule(String image, Collection<ServiceModule> modules) {
        String repository = repository(image);
        return modules.stream().anyMatch(module -> module.image().equals(repository));
    }
}
