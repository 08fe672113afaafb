/**
 * The whole hostile corpus (test/support/hostile-corpus.ts) through the real main job in a child process:
 * exit 1 with every problem on its own line, no stack trace, no secret echoed, and nothing written. Apart
 * from the in-process cases (hostile-config.test.ts) because it spawns the CLI (about 10 s), which the
 * config mutation run leaves out (docs/MUTATION.md, run C).
 */
import * as fs from 'fs';
import * as path from 'path';
import { printable } from '../../config/config-error';
import { cases, slug, writeCorpus } from '../support/hostile-corpus';
import { runMain, tempDir } from '../support/synth-stack';

describe('hostile environment corpus through the main job', () => {
  const root = tempDir('corpus');
  beforeAll(() => writeCorpus(root));

  it('reports every case at once through the main job: exit 1, a line per problem, no stack trace, no secret, nothing written', () => {
    const outdir = path.join(tempDir('corpus-out'), 'cdktf.out');
    const run = runMain(['--environments', root, '--out', outdir]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toMatch(/\n\s+at |Error:|\.ts:\d+:\d+/);
    expect(run.stderr).not.toContain('\u001b'); // no raw terminal escapes from file or key names
    const lines = run.stderr.trim().split('\n');
    const total = cases.reduce((n, c) => n + c.expected.length, 0);
    expect(lines[lines.length - 1]).toBe(`${total} configuration problem(s); nothing was written.`);
    for (const c of cases) {
      for (const [file, key, message] of c.expected) {
        const where = printable(`${slug(c.name)}/${file}`);
        const hit = lines.some((l) => {
          const m = /^(.*?)(?::(\d+))?: (.*)$/.exec(l);
          if (!m || !m[1].endsWith(where)) return false;
          const rest = m[3];
          const shownKey = printable(key);
          return key ? rest.startsWith(`${shownKey}: `) && message.test(rest.slice(shownKey.length + 2)) : message.test(rest);
        });
        if (!hit) throw new Error(`no line for ${where}: ${key}: ${message}`);
      }
      if (c.secret) expect(run.stderr).not.toContain(c.secret);
    }
    expect(fs.existsSync(path.dirname(outdir)) && fs.readdirSync(path.dirname(outdir))).toEqual([]);
  });
});
