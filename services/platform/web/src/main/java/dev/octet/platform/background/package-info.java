/** Work a service does on its own, outside any request: periodic reactive tasks. */
package dev.octet.platform.background;
