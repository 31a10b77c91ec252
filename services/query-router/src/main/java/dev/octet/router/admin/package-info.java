/**
 * Operations an operator starts through the admin API: the online move of a virtual partition to another
 * shard, with its crash recovery.
 */
package dev.octet.router.admin;
