package dev.octet.gateway.model;

/** Which requests on a route must carry a valid bearer token. */
public enum TokenRequirement {
    /** None: the service decides alone. */
    NONE,
    /** Every request that may change something: any method but GET, HEAD and OPTIONS. */
    WRITES,
    /** Every request. */
    ALL
}
