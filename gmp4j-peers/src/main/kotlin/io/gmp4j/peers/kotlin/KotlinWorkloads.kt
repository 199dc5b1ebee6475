package io.gmp4j.peers.kotlin

import io.gmp4j.peers.worker.Checks
import io.gmp4j.peers.worker.Echo
import io.gmp4j.peers.worker.Memory
import io.gmp4j.peers.worker.Workloads
import java.io.IOException
import java.net.InetSocketAddress
import java.net.SocketAddress
import java.net.StandardSocketOptions
import java.nio.ByteBuffer
import java.nio.channels.AsynchronousChannel
import java.nio.channels.AsynchronousChannelGroup
import java.nio.channels.AsynchronousServerSocketChannel
import java.nio.channels.AsynchronousSocketChannel
import java.nio.channels.CompletionHandler
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.channels.SendChannel
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.selects.selectUnbiased
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.yield

/**
 * The Kotlin coroutines peer: every coroutine runs on [Dispatchers.Default] (each method enters
 * with `runBlocking(Dispatchers.Default)`, and children inherit the dispatcher), talking over
 * kotlinx.coroutines [Channel]s. Children are launched in the method's scope, so joining a parent
 * job also joins everything it launched (structured concurrency).
 *
 * W8's sockets are NIO.2 [AsynchronousSocketChannel]s behind small suspending wrappers: a
 * coroutine suspends until the channel's completion handler resumes it. Blocking `java.net`
 * sockets would each hold a thread, and [Dispatchers.IO]'s 64 threads could not hold 2 × 100
 * blocked parties. The channels share one group of as many I/O threads as [Dispatchers.Default]
 * has workers, each running the completion handlers of the events it polls; the JDK's default
 * group hands every completion on to a thread of a cached pool, one more thread hop per read
 * or write (W8 took about twice as long on it).
 */
class KotlinWorkloads : Workloads {

    /** W1: a pinger and a ponger bounce an int over two rendezvous channels; the ponger adds one. */
    override fun pingPong(roundTrips: Int): Double = runBlocking(Dispatchers.Default) {
        val ping = Channel<Int>(Channel.RENDEZVOUS)
        val pong = Channel<Int>(Channel.RENDEZVOUS)
        val start = System.nanoTime()
        val ponger = launch {
            repeat(roundTrips) { pong.send(ping.receive() + 1) }
        }
        val pinger = async {
            var v = 0
            repeat(roundTrips) {
                ping.send(v)
                v = pong.receive()
            }
            v
        }
        val last = pinger.await()
        ponger.join()
        val nanos = Checks.nanosPer(start, roundTrips.toLong())
        Checks.expect("W1 final ping value", last.toLong(), roundTrips.toLong())
        nanos
    }

    /** W2: one producer sends 1..n into a channel of capacity 1024, one consumer sums them. */
    override fun spsc(messages: Int): Double = runBlocking(Dispatchers.Default) {
        val ch = Channel<Int>(1024)
        val start = System.nanoTime()
        val producer = launch {
            for (i in 1..messages) ch.send(i)
            ch.close()
        }
        val consumer = async { sumAndCount(ch) }
        producer.join()
        val (sum, count) = consumer.await()
        val nanos = Checks.nanosPer(start, messages.toLong())
        Checks.expect("W2 count", count, messages.toLong())
        Checks.expect("W2 sum", sum, Checks.triangle(messages.toLong()))
        nanos
    }

    /**
     * W3: four producers each send 1..`messages / 4` into one channel of capacity
     * 1024; four consumers receive until it is closed, which happens once every
     * producer has finished.
     */
    override fun mpmc(messages: Int): Double = runBlocking(Dispatchers.Default) {
        val q = messages / WIDTH
        val total = q.toLong() * WIDTH
        val ch = Channel<Int>(1024)
        val start = System.nanoTime()
        val producers = List(WIDTH) { launch { for (i in 1..q) ch.send(i) } }
        val consumers = List(WIDTH) { async { sumAndCount(ch) } }
        producers.joinAll()
        ch.close()
        val results = consumers.awaitAll()
        val nanos = Checks.nanosPer(start, total)
        Checks.expect("W3 count", results.sumOf { it.count }, total)
        Checks.expect("W3 sum", results.sumOf { it.sum }, WIDTH * Checks.triangle(q.toLong()))
        nanos
    }

    /** W4: skynet, 10 children per node down to `leaves` leaves, sums sent up rendezvous channels. */
    override fun skynet(leaves: Int): Double = runBlocking(Dispatchers.Default) {
        require(leaves >= 1 && isPowerOfTen(leaves)) { "W4 needs a power of 10 leaves, got $leaves" }
        val root = Channel<Long>(Channel.RENDEZVOUS)
        val start = System.nanoTime()
        val tree = launch { skynetNode(root, 0L, leaves) }
        val sum = root.receive()
        tree.join()
        val millis = (System.nanoTime() - start) / 1e6
        Checks.expect("W4 skynet sum", sum, leaves.toLong() * (leaves - 1) / 2)
        millis
    }

    /**
     * One skynet node: a leaf sends its number; an inner node makes a rendezvous channel, launches
     * its ten children (as its own children, so this node completes only after they have), adds up
     * the ten sums they send and sends the total up.
     */
    private suspend fun CoroutineScope.skynetNode(up: SendChannel<Long>, num: Long, size: Int) {
        if (size == 1) {
            up.send(num)
            return
        }
        val sums = Channel<Long>(Channel.RENDEZVOUS)
        val child = size / FANOUT
        for (i in 0 until FANOUT) {
            val childNum = num + i.toLong() * child
            launch { skynetNode(sums, childNum, child) }
        }
        var sum = 0L
        repeat(FANOUT) { sum += sums.receive() }
        up.send(sum)
    }

    /**
     * W5: `ring` coroutines, coroutine i receiving on channel i and sending on channel i+1 (mod
     * ring); coroutine 0 injects a token that every hop increments, and each coroutine passes it on
     * `laps` times, then returns. The token coming back to coroutine 0 for the last time must count
     * ring·laps hops.
     */
    override fun ring(ring: Int, laps: Int): Double = runBlocking(Dispatchers.Default) {
        require(ring >= 2) { "W5 needs a ring of at least 2, got $ring" }
        val hops = ring.toLong() * laps
        val chans = Array(ring) { Channel<Int>(Channel.RENDEZVOUS) }
        val start = System.nanoTime()
        val members = launch {
            for (i in 1 until ring) {
                val input = chans[i]
                val output = chans[(i + 1) % ring]
                launch { repeat(laps) { output.send(input.receive() + 1) } }
            }
        }
        val first = async {
            val input = chans[0]
            val output = chans[1]
            var token = 0
            repeat(laps) {
                output.send(token + 1)
                token = input.receive()
            }
            token
        }
        val token = first.await()
        members.join()
        val nanos = Checks.nanosPer(start, hops)
        Checks.expect("W5 token hops (ring x laps)", token.toLong(), hops)
        Checks.expect("W5 token laps", token.toLong() / ring, laps.toLong())
        nanos
    }

    /**
     * W6: `parked` coroutines suspended in `receive` on one shared rendezvous channel nobody sends
     * on; heap (after full GCs) and RSS growth per coroutine. Then the channel is closed and every
     * coroutine joined.
     */
    override fun parkedMemory(parked: Int): DoubleArray = runBlocking(Dispatchers.Default) {
        val ch = Channel<Int>(Channel.RENDEZVOUS)
        val waiting = AtomicInteger()
        val heapBefore = Memory.heapAfterGc()
        val rssBefore = Memory.rss()
        val all = launch {
            repeat(parked) {
                launch {
                    waiting.incrementAndGet()
                    ch.receiveCatching() // suspends until the channel is closed
                }
            }
        }
        while (waiting.get() < parked) yield()
        repeat(SETTLE_YIELDS) { yield() }
        val heapAfter = Memory.heapAfterGc()
        val rssAfter = Memory.rss()
        ch.close()
        all.join()
        doubleArrayOf(
            (heapAfter - heapBefore).toDouble() / parked,
            (rssAfter - rssBefore).toDouble() / parked,
        )
    }

    /**
     * W7: four producers each send 1..`messages / 4` into their own channel of capacity 128; one
     * consumer `selectUnbiased`s over the four until it has received them all.
     */
    override fun select(messages: Int): Double = runBlocking(Dispatchers.Default) {
        val q = messages / WIDTH
        val total = q * WIDTH
        val chans = Array(WIDTH) { Channel<Int>(128) }
        val start = System.nanoTime()
        val producers = chans.map { ch -> launch { for (i in 1..q) ch.send(i) } }
        val consumer = async {
            var sum = 0L
            var count = 0L
            repeat(total) {
                sum += selectUnbiased<Int> { for (ch in chans) ch.onReceive { it } }
                count++
            }
            SumCount(sum, count)
        }
        val (sum, count) = consumer.await()
        producers.joinAll()
        val nanos = Checks.nanosPer(start, total.toLong())
        Checks.expect("W7 count", count, total.toLong())
        Checks.expect("W7 sum", sum, WIDTH * Checks.triangle(q.toLong()))
        nanos
    }

    /**
     * W8: an acceptor coroutine accepts `conns` connections and launches an echo server coroutine
     * per connection (its children, so joining it joins them); `conns` client coroutines each make
     * `requests / conns` round trips over their own connection. A failure anywhere cancels the
     * rest, and a cancelled coroutine's pending socket operation is ended by closing its channel.
     */
    override fun echo(conns: Int, requests: Int): Double {
        Echo.requireShape(conns, requests)
        val rounds = requests / conns
        return AsynchronousServerSocketChannel.open(ioGroup).use { listener ->
            listener.bind(InetSocketAddress(Echo.LOOPBACK, 0), conns)
            val server = listener.localAddress
            runBlocking(Dispatchers.Default) {
                val echoed = AtomicLong()
                val start = System.nanoTime()
                val acceptor = launch {
                    listener.use { // stops listening once every client is in
                        repeat(conns) {
                            val conn = listener.acceptAsync()
                            // closed however the coroutine ends, even if cancelled before it starts
                            launch { echoed.addAndGet(serve(conn)) }.invokeOnCompletion { conn.close() }
                        }
                    }
                }
                val clients = List(conns) { id -> async { converse(server, id, rounds) } }
                val tallies = clients.awaitAll()
                acceptor.join()
                val nanos = Checks.nanosPer(start, requests.toLong())
                Echo.check(tallies, echoed.get(), requests.toLong())
                nanos
            }
        }
    }

    /** One server connection: reads exactly 64 bytes and writes them back until the client closes. */
    private suspend fun serve(conn: AsynchronousSocketChannel): Long {
        conn.setOption(StandardSocketOptions.TCP_NODELAY, true)
        val message = ByteBuffer.allocate(Echo.MESSAGE_BYTES)
        var echoed = 0L
        while (true) {
            val read = conn.readFully(message)
            if (read == 0) return echoed
            Echo.requireWhole("server", read)
            message.flip()
            conn.writeFully(message)
            echoed++
        }
    }

    /** Client [client]: connects, makes [rounds] round trips checking every echo, and closes. */
    private suspend fun converse(server: SocketAddress, client: Int, rounds: Int): Echo.Tally =
        AsynchronousSocketChannel.open(ioGroup).use { conn ->
            conn.setOption(StandardSocketOptions.TCP_NODELAY, true)
            conn.connectAsync(server)
            val sent = ByteArray(Echo.MESSAGE_BYTES)
            val echo = ByteArray(Echo.MESSAGE_BYTES)
            val sentBuf = ByteBuffer.wrap(sent)
            val echoBuf = ByteBuffer.wrap(echo)
            var mismatches = 0L
            for (seq in 0 until rounds) {
                Echo.fill(sent, client, seq)
                sentBuf.clear()
                conn.writeFully(sentBuf)
                Echo.requireWhole("client $client", conn.readFully(echoBuf))
                if (!sent.contentEquals(echo)) mismatches++
            }
            Echo.Tally(rounds.toLong(), mismatches)
        }

    private data class SumCount(val sum: Long, val count: Long)

    /** Receives until [ch] is closed and drained. */
    private suspend fun sumAndCount(ch: ReceiveChannel<Int>): SumCount {
        var sum = 0L
        var count = 0L
        for (v in ch) {
            sum += v
            count++
        }
        return SumCount(sum, count)
    }

    private companion object {
        const val WIDTH = 4
        const val FANOUT = 10
        const val SETTLE_YIELDS = 16

        /**
         * W8's channel group, made on first use and kept for the life of the process: its size is
         * the core pool size the runner gives [Dispatchers.Default] (all processors by default).
         */
        val ioGroup: AsynchronousChannelGroup by lazy {
            val threads = System.getProperty("kotlinx.coroutines.scheduler.core.pool.size")?.toIntOrNull()
                ?: Runtime.getRuntime().availableProcessors()
            AsynchronousChannelGroup.withFixedThreadPool(threads) { task ->
                Thread(task, "w8-io").apply { isDaemon = true }
            }
        }

        fun isPowerOfTen(n: Int): Boolean {
            var x = n
            while (x % 10 == 0) x /= 10
            return x == 1
        }
    }
}

/**
 * Suspends while [start] runs one NIO.2 operation on this channel; if the coroutine is cancelled
 * meanwhile, the channel is closed, which fails the pending operation and so ends it.
 */
private suspend fun <T> AsynchronousChannel.await(start: (CancellableContinuation<T>) -> Unit): T =
    suspendCancellableCoroutine { cont ->
        cont.invokeOnCancellation {
            try {
                close()
            } catch (_: IOException) {
                // closing is all that was wanted
            }
        }
        start(cont)
    }

private suspend fun AsynchronousServerSocketChannel.acceptAsync(): AsynchronousSocketChannel =
    await { accept(it, ResumeAccept) }

private suspend fun AsynchronousSocketChannel.connectAsync(to: SocketAddress) {
    await<Void?> { connect(to, it, Resume()) }
}

/** Reads until [buf] is full or the peer closes; returns the bytes read (fewer only at end of stream). */
private suspend fun AsynchronousSocketChannel.readFully(buf: ByteBuffer): Int {
    buf.clear()
    while (buf.hasRemaining()) {
        if (await<Int> { read(buf, it, ResumeCount) } < 0) break
    }
    return buf.position()
}

private suspend fun AsynchronousSocketChannel.writeFully(buf: ByteBuffer) {
    while (buf.hasRemaining()) {
        await<Int> { write(buf, it, ResumeCount) }
    }
}

/** Resumes the coroutine suspended in an NIO.2 operation when the operation completes or fails. */
private class Resume<T> : CompletionHandler<T, CancellableContinuation<T>> {
    override fun completed(result: T, cont: CancellableContinuation<T>) = cont.resume(result)

    override fun failed(exc: Throwable, cont: CancellableContinuation<T>) = cont.resumeWithException(exc)
}

/** The handler of every read and write (it holds no state, so one serves them all). */
private val ResumeCount = Resume<Int>()

/** Accepts, closing a connection that arrives after the acceptor was cancelled. */
private object ResumeAccept : CompletionHandler<AsynchronousSocketChannel, CancellableContinuation<AsynchronousSocketChannel>> {
    override fun completed(result: AsynchronousSocketChannel, cont: CancellableContinuation<AsynchronousSocketChannel>) =
        cont.resume(result) { _, conn, _ -> conn.close() }

    override fun failed(exc: Throwable, cont: CancellableContinuation<AsynchronousSocketChannel>) =
        cont.resumeWithException(exc)
}
