/** Resource names: `<app>-<environment>-<suffix>`, cut with a stable hash where AWS limits the length. */
import { ResourceNames } from '../../config/resource-names';
import { arnFor } from '../../blueprints/building-blocks/environment-context';
import { blockContext } from '../support/building-block-synth';

describe('ResourceNames', () => {
  const names = new ResourceNames('shop', 'production');

  it('prefixes every name with app and environment', () => {
    expect(names.prefix).toBe('shop-production');
    expect(names.name()).toBe('shop-production');
    expect(names.name('alb')).toBe('shop-production-alb');
    expect(names.parameterPath('database', 'host')).toBe('/shop/production/database/host');
  });

  it('keeps a name that fits exactly, and cuts a longer one to the limit with a stable 6-character hash', () => {
    expect(names.name('a'.repeat(16), 32)).toBe(`shop-production-${'a'.repeat(16)}`);
    const cut = names.name('a-very-long-target-group-name', 32);
    expect(cut).toHaveLength(32);
    expect(cut).toMatch(/^shop-production-a-very-lo-[0-9a-f]{6}$/);
    expect(names.name('a-very-long-target-group-name', 32)).toBe(cut);
    expect(names.name('a-very-long-target-group-nam', 32)).not.toBe(cut);
  });

  it('never leaves a dash before the hash', () => {
    // The cut falls right after the dash of `abcdefgh-`: the dash goes, so the name is one shorter.
    expect(names.name('abcdefgh-klmnopqrstu', 32)).toMatch(/^shop-production-abcdefgh-[0-9a-f]{6}$/);
  });
});

describe('arnFor', () => {
  it('builds ARNs of this account, in its region unless told otherwise, in its partition', () => {
    expect(arnFor(blockContext(), 'ssm', 'parameter/x')).toBe('arn:aws:ssm:eu-central-1:123456789012:parameter/x');
    expect(arnFor({ ...blockContext(), partition: 'aws-cn' }, 'logs', 'log-group:x', 'cn-north-1')).toBe('arn:aws-cn:logs:cn-north-1:123456789012:log-group:x');
  });
});
