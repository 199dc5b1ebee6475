package io.gmp4j.peers.kotlin

import io.gmp4j.peers.worker.Checks
import io.gmp4j.peers.worker.Memory
import io.gmp4j.peers.worker.Workloads
import java.util.concurrent.atomic.AtomicInteger
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
import kotlinx.coroutines.yield

/**
 * The Kotlin coroutines peer: every coroutine runs on [Dispatchers.Default] (each method enters
 * with `runBlocking(Dispatchers.Default)`, and children inherit the dispatcher), talking over
 * kotlinx.coroutines [Channel]s. Children are launched in the method's scope, so joining a parent
 * job also joins everything it launched (structured concurrency).
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

        fun isPowerOfTen(n: Int): Boolean {
            var x = n
            while (x % 10 == 0) x /= 10
            return x == 1
        }
    }
}
