/**
 * A small modular application that uses gmp4j on the module path only: its API, diagnostics and
 * JUnit leak check ({@link io.gmp4j.example.modular.Main}).
 */
@NullMarked
package io.gmp4j.example.modular;

import org.jspecify.annotations.NullMarked;
