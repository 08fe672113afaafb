/** Which stacks a merge request plans: those whose synthesized JSON differs from its base commit's. */
import * as fs from 'fs';
import * as path from 'path';
import { compareSynths, mergeRequestScope } from '../../pipeline/plan-scope';
import { tempDir } from '../support/synth-stack';

describe('plan scope', () => {
  it('plans changed and new stacks, lists the unchanged and the removed', () => {
    const base = new Map([
      ['a-test', '{"a":1}'],
      ['a-production', '{"a":2}'],
      ['gone-test', '{}'],
    ]);
    const current = new Map([
      ['a-test', '{"a":1}'],
      ['a-production', '{"a":3}'],
      ['new-test', '{}'],
    ]);
    expect(compareSynths(current, base)).toEqual({ planned: ['a-production', 'new-test'], unchanged: ['a-test'], removed: ['gone-test'] });
  });

  it('plans every stack, and says why, when the base commit cannot be synthesized', () => {
    const dir = tempDir('scope');
    const outdir = path.join(dir, 'cdktf.out');
    fs.mkdirSync(path.join(outdir, 'stacks', 'a-test'), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'stacks', 'a-test', 'cdk.tf.json'), '{}');
    expect(mergeRequestScope(dir, outdir, undefined, {})).toEqual({ planned: ['a-test'], unchanged: [], removed: [], fallbackReason: 'CI_MERGE_REQUEST_DIFF_BASE_SHA is not set' });
    // Not a git repository, so the commit is neither there nor fetchable.
    const scope = mergeRequestScope(dir, outdir, '0123456789abcdef0123456789abcdef01234567', {});
    expect(scope.planned).toEqual(['a-test']);
    expect(scope.fallbackReason).toMatch(/^the base commit 0123456789abcdef0123456789abcdef01234567 is not in the clone and could not be fetched/);
  });
});
