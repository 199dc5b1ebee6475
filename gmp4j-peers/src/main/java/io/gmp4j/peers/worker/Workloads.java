package io.gmp4j.peers.worker;

/**
 * The eight peer workloads, written once per peer (gmp4j, JDK virtual threads, Jox, Kotlin
 * coroutines; Go's are in {@code gmp4j-peers/go/}, one file per workload). Each method runs one whole
 * measurement: it starts its goroutines, runs them to the end, joins every one, checks the
 * result (a wrong sum or count throws {@link IllegalStateException}) and returns the figure.
 * Wall time is taken from just before the first goroutine starts to just after the last one is
 * joined.
 *
 * <p>The shapes are the same for every peer; only the primitives differ:
 * <ul>
 *   <li>W1: two goroutines bounce an int over two unbuffered channels, {@code roundTrips} times.</li>
 *   <li>W2: one producer sends {@code messages} ints 1..n into a channel of capacity 1024 and one
 *       consumer receives and sums them.</li>
 *   <li>W3: four producers each send {@code messages / 4} ints into one channel of capacity 1024,
 *       four consumers receive and sum them.</li>
 *   <li>W4: skynet: a tree of goroutines, 10 children per node, down to {@code leaves} leaves;
 *       each node makes an unbuffered channel, its children send their sums into it, and the
 *       root's sum must be {@code leaves * (leaves - 1) / 2}.</li>
 *   <li>W5: {@code ring} goroutines in a ring joined by unbuffered channels pass one token
 *       {@code laps} times around.</li>
 *   <li>W6: {@code parked} goroutines each block receiving from one shared channel that nobody
 *       sends on; after a full GC the growth of the heap (and of the process's RSS) is divided by
 *       {@code parked}; then the channel is closed and every goroutine joined.</li>
 *   <li>W7: four producers each send {@code messages / 4} ints into their own channel of
 *       capacity 128; one consumer selects over the four until it has received them all.</li>
 *   <li>W8: a TCP echo server on 127.0.0.1 (an ephemeral port) and its clients: one acceptor
 *       goroutine accepts {@code conns} connections and starts a server goroutine per connection,
 *       which reads exactly 64 bytes and writes them back until EOF; {@code conns} client
 *       goroutines each make {@code requests / conns} round trips over their own connection,
 *       checking every echo ({@link Echo}). Nagle is off on every socket; the I/O is the peer's
 *       natural blocking style, so the network poller's park and wake-up path is measured.</li>
 * </ul>
 */
public interface Workloads {
    /** W1, nanoseconds per round trip. */
    double pingPong(int roundTrips) throws Exception;

    /** W2, nanoseconds per message. */
    double spsc(int messages) throws Exception;

    /** W3, nanoseconds per message. */
    double mpmc(int messages) throws Exception;

    /** W4, milliseconds per tree. */
    double skynet(int leaves) throws Exception;

    /** W5, nanoseconds per hop. */
    double ring(int ring, int laps) throws Exception;

    /** W6, bytes per parked goroutine: {@code [heap, rss]}. */
    double[] parkedMemory(int parked) throws Exception;

    /** W7, nanoseconds per message. */
    double select(int messages) throws Exception;

    /** W8, nanoseconds per request (round trip); {@code requests} must be a positive multiple of {@code conns}. */
    double echo(int conns, int requests) throws Exception;
}
