/**
 * Who may call an internal API. A resource says who with {@link dev.octet.platform.access.CalledBy}: services,
 * by the identity their certificate gives them, and operators, by the operator credential.
 * {@link dev.octet.platform.access.CallerCheck} enforces it before the resource runs, answers a refusal with
 * problem details and logs it with the caller.
 */
package dev.octet.platform.access;
