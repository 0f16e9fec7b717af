/**
 * Calls: dialog tracking from the proxy's call events, one CDR per call attempt (to a database
 * and NATS JetStream), concurrent-call and call-rate limits, and rating against a rate deck.
 */
package io.tandem.accounting;
