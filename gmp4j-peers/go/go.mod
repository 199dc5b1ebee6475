module gmp4j.io/peers

go 1.19
