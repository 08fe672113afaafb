/**
 * The command-line contract of `npm run import`: help on each verb, and every bad argument a
 * one-line error with exit code 2 and no stack trace, through the real npm script.
 */
import { spawnSync } from 'child_process';
import { main } from '../../terraform-import/cli';
import { HELP, parseArgs, UsageError, VERBS } from '../../terraform-import/cli-args';
import { discoveryIamPolicy, RESOURCE_TYPES } from '../../terraform-import/discovery/registry';
import { PROJECT_ROOT } from '../../tooling/terraform-cli';

function runCli(args: string[]) {
  const res = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'terraform-import/cli.ts', ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, AWS_REGION: '', AWS_DEFAULT_REGION: '' },
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('import command line', () => {
  it('answers --help on every verb with that verb\'s usage, exit 0', () => {
    for (const verb of VERBS) expect(parseArgs([verb, '--help']).help).toBe(true);
    const res = runCli(['onboard', '--help']);
    expect(res).toEqual({ status: 0, stdout: `${HELP.onboard}\n`, stderr: '' });
  });

  it('rejects bad arguments with one line and exit 2, no stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [['explode'], /^import: unknown verb "explode"/],
      [['discover', '--manifest', 'm.yaml'], /^import: discover: --region is required/],
      [['discover', '--region', 'moon-1', '--manifest', 'm.yaml'], /^import: --region: expected a region such as eu-central-1, found "moon-1"/],
      [['discover', '--region', 'eu-central-1', '--tag', 'novalue', '--manifest', 'm.yaml'], /^import: --tag: expected K=V, found "novalue"/],
      [['discover', '--region', 'eu-central-1', '--types', 'aws_vpc,aws_nonsense', '--manifest', 'm.yaml'], /^import: --types: unsupported aws_nonsense; supported: aws_vpc/],
      [['generate', '--manifest', 'm.yaml'], /^import: generate: --out DIR is required/],
      [['verify', '--out'], /^import: --out: expected a value/],
      [['verify', '--out', 'x', '--vpc', 'vpc-1'], /^import: verify: unknown option --vpc/],
      [['generate', '--manifest', '/nonexistent/m.yaml', '--out', '/tmp/x'], /^import: \/nonexistent\/m.yaml: cannot read the manifest \(ENOENT\)/],
    ];
    const saved = { AWS_REGION: process.env.AWS_REGION, AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    try {
      for (const [args, message] of cases) {
        const out: string[] = [];
        const err: string[] = [];
        const status = await main(args, (l) => out.push(l), (l) => err.push(l));
        expect({ args, status, out, lines: err.join('\n').split('\n').length }).toEqual({ args, status: 2, out: [], lines: 1 });
        expect(err[0]).toMatch(message);
      }
    } finally {
      Object.assign(process.env, Object.fromEntries(Object.entries(saved).filter(([, v]) => v !== undefined)));
    }
    // and through the real process: the same line, nothing else
    const res = runCli(cases[3][0]);
    expect({ status: res.status, stdout: res.stdout }).toEqual({ status: 2, stdout: '' });
    expect(res.stderr.trim().split('\n')).toEqual([expect.stringMatching(cases[3][1])]);
  });

  it('parses the scope, landing-zone and state options, repeatable where documented', () => {
    const a = parseArgs(['onboard', '--region', 'eu-west-1', '--vpc', 'vpc-1', '--tag', 'App=x', '--tag', 'Env=prod', '--types', 'aws_instance,aws_ebs_volume', '--ids', 'i-1,i-2', '--attached-to', 'i-1', '--landing-zone', 'lz.yaml', '--landing-zone-tag', 'Owner=lz', '--state', 'a.tfstate', '--state', 'b.tfstate', '--out', 'd', '--allow-updates']);
    expect(a).toMatchObject({ verb: 'onboard', region: 'eu-west-1', vpc: 'vpc-1', tags: { App: 'x', Env: 'prod' }, types: ['aws_instance', 'aws_ebs_volume'], ids: ['i-1', 'i-2'], attachedTo: 'i-1', landingZoneFiles: ['lz.yaml'], landingZoneTags: [{ Owner: 'lz' }], stateFiles: ['a.tfstate', 'b.tfstate'], out: 'd', allowUpdates: true });
    expect(parseArgs(['discover', '--manifest', 'm'], { AWS_REGION: 'eu-central-1' }).region).toBe('eu-central-1');
    expect(() => parseArgs(['discover', '--manifest', 'm'], {})).toThrow(UsageError);
  });

  it('prints a least-privilege policy derived from the type modules: read-only actions only', () => {
    const res = runCli(['discover', '--print-iam-policy']);
    expect(res.status).toBe(0);
    const policy = JSON.parse(res.stdout);
    expect(policy).toEqual(discoveryIamPolicy());
    const actions: string[] = policy.Statement[0].Action;
    for (const t of RESOURCE_TYPES) for (const a of t.iamActions) expect(actions).toContain(a);
    expect(actions.filter((a) => !/^[a-z0-9-]+:(Describe|List|Get)/.test(a))).toEqual([]);
    expect(policy.Statement[0].Resource).toBe('*');
  });
});
