package dev.octet.architecture;

import java.util.List;

/** The modules the rules apply to. */
final class Modules {

    /** Every service: the root package of its classes, which hold the rest/service/repository layers. */
    static final List<String> SERVICES = List.of(
            "dev.octet.gateway",
            "dev.octet.user",
            "dev.octet.product",
            "dev.octet.order",
            "dev.octet.metadata",
            "dev.octet.chunk",
            "dev.octet.router",
            "dev.octet.peer");

    /** Every other production module's root package: shared code, contracts and infrastructure. */
    static final List<String> LIBRARIES = List.of(
            "dev.octet.platform.web",
            "dev.octet.platform.events",
            "dev.octet.platform.identity",
            "dev.octet.filesystem.api",
            "dev.octet.shop.events",
            "dev.octet.local",
            "dev.octet.testing",
            "dev.octet.devstack");

    /** This module: its rules and fixtures name module paths on purpose, so its own files are not scanned. */
    static final String THIS_MODULE = "tests/architecture";

    private Modules() {
    }

    static List<String> all() {
        return java.util.stream.Stream.concat(SERVICES.stream(), LIBRARIES.stream()).toList();
    }
}
