// errors_stats lines as Vertex writes them: Python tuples of the message (repr) and the count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorStatsCounter, errorStatLine, parseErrorStatLine } from '../../jobs/errors-stats';

test("Python's repr quoting: ' by default, \" when the text holds ' only, escapes for the rest", () => {
  assert.equal(errorStatLine({ message: 'Post request fails. Cannot get predictions. Error: Exceeded retries', count: 16 }), "('Post request fails. Cannot get predictions. Error: Exceeded retries', 16)");
  assert.equal(errorStatLine({ message: "it's", count: 1 }), `("it's", 1)`);
  assert.equal(errorStatLine({ message: `both ' and "`, count: 2 }), `('both \\' and "', 2)`);
  assert.equal(errorStatLine({ message: 'tab\tnew\nline\\ \x01', count: 3 }), "('tab\\tnew\\nline\\\\ \\x01', 3)");
});

test('a line from a real errors_stats file parses; escapes round-trip; anything else is not a stat', () => {
  assert.deepEqual(parseErrorStatLine("('Post request fails. Cannot get predictions. Error: Exceeded retries: Non-OK result 504 (upstream request timeout).', 16)"), {
    message: 'Post request fails. Cannot get predictions. Error: Exceeded retries: Non-OK result 504 (upstream request timeout).',
    count: 16,
  });
  for (const message of ["it's", `both ' and "`, 'tab\tnew\nline\\ \x01 é']) {
    assert.deepEqual(parseErrorStatLine(errorStatLine({ message, count: 7 })), { message, count: 7 });
  }
  assert.equal(parseErrorStatLine('{"instance": "x", "error": {"message": "m"}}'), undefined);
  assert.equal(parseErrorStatLine("('unterminated, 3)"), undefined);
});

test('the counter: one line per distinct message, most frequent first, overflow counted so totals add up', () => {
  const counter = new ErrorStatsCounter(2);
  for (const message of ['a', 'b', 'a', 'c', 'd', 'a']) counter.add(message);
  const lines = counter.lines().map((line) => parseErrorStatLine(line)!);
  assert.deepEqual(lines.slice(0, 2), [{ message: 'a', count: 3 }, { message: 'b', count: 1 }]);
  assert.equal(lines[2].count, 2);
  assert.equal(lines.reduce((sum, stat) => sum + stat.count, 0), 6);
});
