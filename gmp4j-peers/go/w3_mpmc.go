package main

import (
	"sync"
	"time"
)

const mpmcSides = 4

// mpmc is W3: four producers each send 1..messages/4 into one channel of capacity 1024; four
// consumers receive until the channel is closed (after the last producer is done) and sum.
// Returns nanoseconds per message (messages in total).
func mpmc(messages int) (float64, error) {
	if err := quarters(messages); err != nil {
		return 0, err
	}
	each := messages / mpmcSides
	ch := make(chan int, 1024)
	var sums, counts [mpmcSides]int64
	var producers, all sync.WaitGroup
	producers.Add(mpmcSides)
	all.Add(2*mpmcSides + 1)
	start := time.Now()
	for p := 0; p < mpmcSides; p++ {
		go func() {
			defer all.Done()
			defer producers.Done()
			for i := 1; i <= each; i++ {
				ch <- i
			}
		}()
	}
	go func() { // the closer
		defer all.Done()
		producers.Wait()
		close(ch)
	}()
	for c := 0; c < mpmcSides; c++ {
		c := c
		go func() {
			defer all.Done()
			var s, n int64
			for v := range ch {
				s += int64(v)
				n++
			}
			sums[c], counts[c] = s, n
		}()
	}
	all.Wait()
	result := nanosPer(start, int64(messages))
	var sum, count int64
	for c := 0; c < mpmcSides; c++ {
		sum += sums[c]
		count += counts[c]
	}
	if err := expect("count", count, int64(messages)); err != nil {
		return 0, err
	}
	if err := expect("sum", sum, mpmcSides*triangle(int64(each))); err != nil {
		return 0, err
	}
	return result, nil
}
