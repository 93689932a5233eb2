package io.netsweep.identify;

/** What one GET request to a port brought back: an HTTP answer or the reason there was none. */
sealed interface Exchange permits HttpReply, ProbeFailure {}
