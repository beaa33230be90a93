package dev.tributary.e2e.crash;

/**
 * The crash test as a program (same engine as {@code CrashTestIT}), parameterised by the
 * {@code crash.*} system properties of {@link CrashOptions}; exits 1 unless every acknowledged
 * event landed exactly once. {@code end-to-end/crash-test.sh} runs the full version through Maven.
 */
public final class CrashTestMain {

  private CrashTestMain() {}

  public static void main(String[] args) throws InterruptedException {
    CrashReport report = CrashTestRunner.run(CrashOptions.from(System.getProperties()));
    System.out.print(report.table());
    System.exit(report.exactlyOnce() ? 0 : 1);
  }
}
