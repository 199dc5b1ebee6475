package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// messageBytes is the size of a W8 request and of its echo.
const messageBytes = 64

// tally is what one W8 client did: round trips made, and echoes that differed from the request.
type tally struct {
	roundTrips, mismatches int64
}

// firstError keeps the first error any goroutine of one measurement hit.
type firstError struct {
	once sync.Once
	err  error
}

func (f *firstError) set(err error) {
	if err != nil {
		f.once.Do(func() { f.err = err })
	}
}

// echo is W8: a TCP echo server on 127.0.0.1 (an ephemeral port) and its clients. One acceptor
// goroutine accepts conns connections and starts a server goroutine per connection, which reads
// exactly 64 bytes and writes them back until EOF; conns client goroutines each make
// requests/conns round trips over their own connection, checking every echo. Returns nanoseconds
// per request.
func echo(conns, requests int) (float64, error) {
	if err := positive("connection count", conns); err != nil {
		return 0, err
	}
	if requests <= 0 || requests%conns != 0 {
		return 0, fmt.Errorf("request count must be a positive multiple of the connection count %d, got %d", conns, requests)
	}
	rounds := requests / conns
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	addr := ln.Addr().String()
	var failure firstError
	var echoed int64
	tallies := make([]tally, conns)
	var servers, clients sync.WaitGroup
	servers.Add(1)
	clients.Add(conns)
	start := time.Now()
	go func() { // the acceptor; it stops listening once every client is in
		defer servers.Done()
		defer ln.Close()
		for i := 0; i < conns; i++ {
			conn, err := ln.Accept()
			if err != nil {
				failure.set(err)
				return
			}
			servers.Add(1)
			go func() {
				defer servers.Done()
				n, err := serve(conn.(*net.TCPConn))
				atomic.AddInt64(&echoed, n)
				failure.set(err)
			}()
		}
	}()
	for id := 0; id < conns; id++ {
		id := id
		go func() {
			defer clients.Done()
			t, err := converse(addr, id, rounds)
			tallies[id] = t
			failure.set(err)
		}()
	}
	clients.Wait()
	ln.Close() // releases the acceptor if a client failed before it connected
	servers.Wait()
	result := nanosPer(start, int64(requests))
	if failure.err != nil {
		return 0, failure.err
	}
	var roundTrips, mismatches int64
	for _, t := range tallies {
		roundTrips += t.roundTrips
		mismatches += t.mismatches
	}
	if err := expect("round trips", roundTrips, int64(requests)); err != nil {
		return 0, err
	}
	if err := expect("messages echoed by the servers", atomic.LoadInt64(&echoed), int64(requests)); err != nil {
		return 0, err
	}
	if err := expect("echoes that differed from the request", mismatches, 0); err != nil {
		return 0, err
	}
	return result, nil
}

// serve is one server connection: it reads exactly 64 bytes and writes them back until the client
// closes, then closes the connection. Returns the messages echoed.
func serve(conn *net.TCPConn) (int64, error) {
	defer conn.Close()
	if err := conn.SetNoDelay(true); err != nil {
		return 0, err
	}
	message := make([]byte, messageBytes)
	var echoed int64
	for {
		if n, err := io.ReadFull(conn, message); err == io.EOF {
			return echoed, nil
		} else if err != nil {
			return echoed, fmt.Errorf("server: connection closed after %d of %d bytes: %w", n, messageBytes, err)
		}
		if _, err := conn.Write(message); err != nil {
			return echoed, err
		}
		echoed++
	}
}

// converse is client id: it connects, makes rounds round trips (write message seq, read exactly 64
// bytes back, compare) and closes its connection.
func converse(addr string, id, rounds int) (tally, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return tally{}, err
	}
	conn := c.(*net.TCPConn)
	defer conn.Close()
	if err := conn.SetNoDelay(true); err != nil {
		return tally{}, err
	}
	sent := make([]byte, messageBytes)
	got := make([]byte, messageBytes)
	t := tally{}
	for seq := 0; seq < rounds; seq++ {
		fill(sent, id, seq)
		if _, err := conn.Write(sent); err != nil {
			return t, err
		}
		if n, err := io.ReadFull(conn, got); err != nil {
			return t, fmt.Errorf("client %d: connection closed after %d of %d bytes: %w", id, n, messageBytes, err)
		}
		t.roundTrips++
		if !bytes.Equal(sent, got) {
			t.mismatches++
		}
	}
	return t, nil
}

// fill writes client id's message number seq, as the JVM peers do (Echo.fill): the two numbers as
// big-endian 32-bit ints, then byte(id*31 + seq + i) for every byte i from 8 to 63.
func fill(message []byte, id, seq int) {
	binary.BigEndian.PutUint32(message[0:], uint32(id))
	binary.BigEndian.PutUint32(message[4:], uint32(seq))
	for i := 8; i < messageBytes; i++ {
		message[i] = byte(id*31 + seq + i)
	}
}
