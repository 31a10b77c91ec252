/**
 * Secrets a deployment cannot forget to set: a service refuses to start outside development while any
 * password, key or secret in its configuration is still one of the project's development values.
 */
package dev.octet.platform.secrets;
