package dev.octet.deployment;

/** A deployment file that a tool rejected outright (docker-compose config, kubectl kustomize). */
final class DeploymentFileException extends RuntimeException {

    DeploymentFileException(String message) {
        super(message);
    }
}
