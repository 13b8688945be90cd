// mocha's spec reporter, plus the run's counts written as JSON for run-all.mjs:
//   mocha --reporter test/support/counting-reporter.cjs --reporter-option json=FILE ...
// (or the file named by CLOSE_MOCHA_RESULTS). Failures in hooks count as failed.
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const { EVENT_RUN_END, EVENT_TEST_FAIL, EVENT_TEST_RETRY } = Mocha.Runner.constants;

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options = {}) {
    super(runner, options);
    const file = (options.reporterOption && options.reporterOption.json) || process.env.CLOSE_MOCHA_RESULTS;
    const failures = [];
    const retried = [];
    runner.on(EVENT_TEST_FAIL, (test, error) => failures.push({ title: test.fullTitle(), error: String((error && error.message) || error) }));
    // A retry (mocha --retries) is shown and recorded, so a flaky test never passes unnoticed.
    runner.on(EVENT_TEST_RETRY, (test, error) => {
      const entry = { title: test.fullTitle(), error: String((error && error.message) || error) };
      retried.push(entry);
      // Where it failed: the error's first two frames in the tests' own code (harness, spec).
      const frames = [...new Set(String((error && error.stack) || '').match(/\bout\/test\/[\w/.-]+\.js:\d+/g) || [])].slice(0, 2);
      // An assertion's diff says what was seen: its first lines are kept.
      const lines = entry.error.split('\n');
      const message = /^Expected values/.test(lines[0]) ? lines.slice(0, 12).join('\n      ') : lines[0];
      console.log(`    ↻ retrying after a failure: ${entry.title}: ${message}${frames.length > 0 ? ` (at ${frames.join(', ')})` : ''}`);
    });
    runner.once(EVENT_RUN_END, () => {
      if (!file) return;
      const { passes, failures: failed, pending } = this.stats;
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ passed: passes, failed, pending, failures, retried }, null, 2));
    });
  }
}

module.exports = CountingReporter;
