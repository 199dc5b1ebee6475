package main

import (
	"sync"
	"time"
)

// pingPong is W1: two goroutines bounce an int over two unbuffered channels (ping: a→b,
// pong: b→a), roundTrips times. Returns nanoseconds per round trip.
func pingPong(roundTrips int) (float64, error) {
	if err := positive("round trips", roundTrips); err != nil {
		return 0, err
	}
	ping := make(chan int)
	pong := make(chan int)
	var sum int64
	var wg sync.WaitGroup
	wg.Add(2)
	start := time.Now()
	go func() { // a: sends i, gets i+1 back
		defer wg.Done()
		var s int64
		for i := 0; i < roundTrips; i++ {
			ping <- i
			s += int64(<-pong)
		}
		sum = s
	}()
	go func() { // b: answers every ping with its value plus one
		defer wg.Done()
		for i := 0; i < roundTrips; i++ {
			v := <-ping
			pong <- v + 1
		}
	}()
	wg.Wait()
	result := nanosPer(start, int64(roundTrips))
	if err := expect("sum of replies", sum, triangle(int64(roundTrips))); err != nil {
		return 0, err
	}
	return result, nil
}
