package main

import (
	"sync"
	"time"
)

// selectFour is W7: four producers each send 1..messages/4 into their own channel of capacity
// 128; one consumer selects over the four channels until it has received messages values.
// Returns nanoseconds per message.
func selectFour(messages int) (float64, error) {
	if err := quarters(messages); err != nil {
		return 0, err
	}
	each := messages / 4
	c0, c1, c2, c3 := make(chan int, 128), make(chan int, 128), make(chan int, 128), make(chan int, 128)
	var sum int64
	var counts [4]int64
	var wg sync.WaitGroup
	wg.Add(5)
	start := time.Now()
	for _, c := range []chan int{c0, c1, c2, c3} {
		c := c
		go func() {
			defer wg.Done()
			for i := 1; i <= each; i++ {
				c <- i
			}
		}()
	}
	go func() {
		defer wg.Done()
		var s int64
		var k [4]int64
		for n := 0; n < messages; n++ {
			select {
			case v := <-c0:
				s += int64(v)
				k[0]++
			case v := <-c1:
				s += int64(v)
				k[1]++
			case v := <-c2:
				s += int64(v)
				k[2]++
			case v := <-c3:
				s += int64(v)
				k[3]++
			}
		}
		sum, counts = s, k
	}()
	wg.Wait()
	result := nanosPer(start, int64(messages))
	for i := range counts {
		if err := expect("messages from producer "+string(rune('0'+i)), counts[i], int64(each)); err != nil {
			return 0, err
		}
	}
	if err := expect("sum", sum, 4*triangle(int64(each))); err != nil {
		return 0, err
	}
	return result, nil
}
