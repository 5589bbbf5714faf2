// Prints the line scripts/test-all.sh adds to its count: "browser: N passed, M failed". A test that passed on a
// retry counts as passed; skipped tests count as neither; a run that stopped early (a failed global setup, an
// interrupt) counts one failure so that it can never read as a pass.
export default class SummaryReporter {
  onBegin(_config, suite) {
    this.suite = suite;
  }

  printsToStdio() {
    return true;
  }

  onEnd(result) {
    let passed = 0;
    let failed = 0;
    for (const t of this.suite.allTests()) {
      const outcome = t.outcome();
      if (outcome === 'expected' || outcome === 'flaky') passed++;
      else if (outcome === 'unexpected') failed++;
    }
    if (result.status !== 'passed' && failed === 0) failed = 1;
    console.log(`browser: ${passed} passed, ${failed} failed`);
  }
}
