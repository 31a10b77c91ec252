/** The Kademlia DHT: the routing table of k-buckets, iterative lookups, provider records and their upkeep. */
package dev.octet.peer.dht;
