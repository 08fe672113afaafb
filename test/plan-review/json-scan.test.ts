/** The streaming scanner reads exactly what JSON.parse reads, and refuses what JSON.parse refuses. */
import * as fs from 'fs';
import { Corpus, CORPUS_BUILD_TIMEOUT_MS, ensureCorpus } from '../../test-bed/plan-corpus';
import { JsonScanner } from '../../plan-review/json-scan';

let corpus: Corpus;

beforeAll(async () => {
  corpus = await ensureCorpus();
}, CORPUS_BUILD_TIMEOUT_MS);

function scan(text: string | Buffer, streamed: string[], whole: string[], chunkSize?: number) {
  const got: Record<string, unknown> = {};
  const handlers = {
    streamed: Object.fromEntries(streamed.map((k) => [k, (v: unknown, i: number) => ((got[k] ??= []) as unknown[]).push([i, v])])),
    whole: Object.fromEntries(whole.map((k) => [k, (v: unknown) => (got[k] = v)])),
  };
  const keys = JsonScanner.ofBuffer(Buffer.isBuffer(text) ? text : Buffer.from(text), 'doc.json', chunkSize).scan(handlers);
  return { got, keys };
}

describe('JsonScanner', () => {
  it('hands over the same values as JSON.parse for real plans, compact and indented', () => {
    for (const c of Object.values(corpus)) {
      const text = fs.readFileSync(c.jsonFile, 'utf8');
      const plan = JSON.parse(text);
      for (const variant of [text, JSON.stringify(plan, null, 2)]) {
        const { got, keys } = scan(variant, ['resource_changes', 'resource_drift'], ['format_version', 'output_changes', 'planned_values', 'relevant_attributes']);
        expect([...keys]).toEqual(Object.keys(plan));
        expect(got.resource_changes).toEqual((plan.resource_changes ?? []).map((rc: unknown, i: number) => [i, rc]));
        expect(got.resource_drift).toEqual(plan.resource_drift?.map((rc: unknown, i: number) => [i, rc]));
        expect(got.planned_values).toEqual(plan.planned_values);
        expect(got.output_changes).toEqual(plan.output_changes);
        expect(got.format_version).toBe('1.2');
      }
    }
  });

  it('gives the same result whatever the window size, down to one byte', () => {
    for (const c of [corpus['billing-test'], corpus['shop-production']]) {
      const text = fs.readFileSync(c.jsonFile, 'utf8');
      const expected = scan(text, ['resource_changes', 'resource_drift'], ['output_changes', 'format_version']).got;
      for (const chunk of [1, 7, 1000]) expect(scan(text, ['resource_changes', 'resource_drift'], ['output_changes', 'format_version'], chunk).got).toEqual(expected);
    }
  });

  it('counts lines across window slides when it reports an error', () => {
    const text = `{\n"a": [\n${'  "padding padding padding",\n'.repeat(200)}  "bad \\x"\n]}`;
    for (const chunk of [3, 64, undefined]) {
      expect(() => scan(text, [], [], chunk)).toThrow('doc.json: not valid JSON at line 203 column 8: bad escape in a string');
      expect(() => scan(text, ['a'], [], chunk)).toThrow('doc.json: not valid JSON at line 203 column 8: bad escape in a string');
    }
  });

  it('reads escapes, non-ASCII text, numbers and literals in skipped and streamed parts', () => {
    const doc = {
      skipped: { s: 'tab\t "quote" \\ \u00e9\u4e2d \ud83d\ude00 \u0001', n: [-0.5e-3, 12, 0, 1e21, true, false, null], e: {}, a: [] },
      items: [{ s: 'line\nbreak \u2028', x: [1.5, -2] }, 'plain', 7, null, [], {}],
    };
    const text = `\ufeff ${JSON.stringify(doc, null, 3)}\n`;
    for (const chunk of [1, 5, undefined]) {
      const { got } = scan(text, ['items'], [], chunk);
      expect(got.items).toEqual(doc.items.map((v, i) => [i, v]));
    }
  });

  it('accepts a null array and an empty object', () => {
    expect(scan('{"items": null}', ['items'], []).got).toEqual({});
    expect([...scan('{ }', [], []).keys]).toEqual([]);
  });

  it.each([
    ['{"a": tru}', 'line 1 column 7: expected a JSON value'],
    ['{"a": [1, 2,]}', 'line 1 column 13: expected a JSON value'],
    ['{"a": {"b" 1}}', "line 1 column 12: expected ':'"],
    ['{"a": 01}', "line 1 column 8: expected ',' or '}' in the top-level object"],
    ['{"a": 1.}', 'line 1 column 9: bad number'],
    ['{"a": "\\q"}', 'line 1 column 8: bad escape in a string'],
    ['{"a": "\\u12G4"}', 'line 1 column 8: bad \\u escape'],
    ['{"a": "x\ty"}', 'line 1 column 9: control character in a string'],
    ['{"a": [1}', "line 1 column 9: expected ',' or ']'"],
    ['{"items": [1 2]}', `line 1 column 14: expected ',' or ']' in "items"`],
    ['{\n  "a": 1\n} x', 'line 3 column 3: unexpected data after the top-level object'],
    ['[1]', 'line 1 column 1: expected a JSON object at the top level'],
  ])('refuses %j', (text, where) => {
    expect(() => scan(text, ['items'], [])).toThrow(`doc.json: not valid JSON at ${where}`);
  });

  it('says where a truncated file ends', () => {
    expect(() => scan('{"a": {"b": [1, 2', [], [])).toThrow('doc.json: not valid JSON: the file ends early');
    expect(() => scan('{"a": "abc', [], [])).toThrow('doc.json: not valid JSON: the file ends early (inside a string that starts at line 1 column 7)');
    expect(() => scan('', [], [])).toThrow('doc.json: the file is empty');
    expect(() => scan('{"items": {}}', ['items'], [])).toThrow('doc.json: items: expected an array');
  });
});
