package main

import (
	"fmt"
	"sync"
	"time"
)

// ring is W5: size goroutines joined in a ring by size unbuffered channels (goroutine i receives
// from ch[i] and sends to ch[(i+1)%size]). One token, the number of hops still to go, is injected
// into ch[0] and passed on laps times around the ring (size*laps hops). The goroutine that gets
// the token at zero closes its outgoing channel; each goroutine that finds its incoming channel
// closed closes its own outgoing one and returns, so the stop goes round once and every goroutine
// is joined. Returns nanoseconds per hop.
func ring(size, laps int) (float64, error) {
	if size < 2 {
		return 0, fmt.Errorf("ring size must be at least 2, got %d", size)
	}
	if err := positive("lap count", laps); err != nil {
		return 0, err
	}
	hops := int64(size) * int64(laps)
	ch := make([]chan int64, size)
	for i := range ch {
		ch[i] = make(chan int64)
	}
	forwarded := make([]int64, size) // hops made by each goroutine
	finisher := -1                   // the goroutine that got the token at zero
	var wg sync.WaitGroup
	wg.Add(size)
	start := time.Now()
	for i := 0; i < size; i++ {
		i, in, out := i, ch[i], ch[(i+1)%size]
		go func() {
			defer wg.Done()
			var n int64
			defer func() { forwarded[i] = n }()
			for {
				v, open := <-in
				if !open {
					close(out)
					return
				}
				if v == 0 {
					finisher = i
					close(out)
					return
				}
				out <- v - 1
				n++
			}
		}()
	}
	ch[0] <- hops
	wg.Wait()
	result := nanosPer(start, hops)
	var total int64
	for _, n := range forwarded {
		total += n
	}
	if err := expect("hops", total, hops); err != nil {
		return 0, err
	}
	if err := expect("token's final goroutine", int64(finisher), 0); err != nil {
		return 0, err
	}
	return result, nil
}
