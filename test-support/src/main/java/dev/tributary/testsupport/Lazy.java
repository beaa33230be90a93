package dev.tributary.testsupport;

import java.util.function.Supplier;

/**
 * Starts a fixture on first use, once per JVM, and registers it for shutdown. A failed start is
 * remembered and rethrown to later callers, so a broken component fails every test fast with the
 * original cause instead of timing out once per test class.
 *
 * <p>Thread-safe.
 */
final class Lazy<T extends AutoCloseable> {

  private final String name;
  private final Supplier<T> starter;
  private T value;
  private RuntimeException failure;

  Lazy(String name, Supplier<T> starter) {
    this.name = name;
    this.starter = starter;
  }

  synchronized T get() {
    if (value != null) {
      return value;
    }
    if (failure != null) {
      throw new IllegalStateException(name + " fixture failed to start earlier in this JVM", failure);
    }
    try {
      value = starter.get();
      Fixtures.register(name, value);
      return value;
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
  }
}
