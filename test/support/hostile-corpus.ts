/**
 * A hostile and careless corpus of environment folders: YAML that attacks the parser, files that are
 * not files, names AWS would refuse, credentials in plain values. Each case names the exact file, key
 * and message it must produce. test/config/hostile-config.test.ts loads each case in process;
 * hostile-config-cli.test.ts runs all of them together through the real main job.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { MAX_ALIAS_COUNT, MAX_FILE_BYTES, MAX_NESTING_DEPTH } from '../../config/environment-files';
import { instanceAppConfig, withInstanceApp } from './instance-app-config';
import { containerAppConfig } from './container-app-config';

/** What goes into one file of a case: YAML text, raw bytes, a config object, or something that is not a file. */
export type FileSpec = string | Buffer | Record<string, unknown> | { fifo: true } | { symlink: string };
/** [file, key path ('' for the whole file), message]. */
export type Expected = [file: string, key: string, message: RegExp];

export interface CorpusCase {
  name: string;
  files: Record<string, FileSpec>;
  expected: Expected[];
  /** A value that must never appear in any output (a planted secret). */
  secret?: string;
}

export const base = containerAppConfig('test');
const service = (base.containerApp as { services: Record<string, unknown>[] }).services[0];
const withService = (extra: Record<string, unknown>, more: Record<string, unknown>[] = []) => ({ ...base, containerApp: { services: [{ ...service, ...extra }, ...more] } });
const withEnv = (vars: Record<string, string>) => withService({ environment: vars });
export const text = (config: Record<string, unknown>) => stringify(config);

// A billion laughs: each level nine aliases of the one before.
const aliasBomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
  .concat(Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`))
  .join('\n');
const deepBlock = `${text(base)}extra:\n${Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i + 1)}k:`).join('\n')} 1\n`;
const deepKey = ['extra', ...Array(MAX_NESTING_DEPTH - 1).fill('k')].join('.');
const FAKE_GITHUB_TOKEN = `ghp_${'A1b2C3d4E5'.repeat(4)}`;
const FAKE_GITLAB_TOKEN = 'glpat-Zx8Vq2Lm9Rt4Wy7Kp3Hd';
const FAKE_SLACK_TOKEN = 'xoxb-2048-1024-Q9wErTyUiOp';
const FAKE_MASTER_KEY = 'f3a9c1e07b6d4a2f8e5c0b9d7a1f3e6c';

export const cases: CorpusCase[] = [
  // --- YAML that attacks the parser ---
  { name: 'alias bomb', files: { 'env.yaml': aliasBomb }, expected: [['env.yaml', '', new RegExp(`^expected at most ${MAX_ALIAS_COUNT} alias expansions \\(a YAML alias bomb\\?\\), found more$`)]] },
  { name: 'deep block nesting', files: { 'env.yaml': deepBlock }, expected: [['env.yaml', deepKey, new RegExp(`^expected at most ${MAX_NESTING_DEPTH} levels of nesting, found more$`)]] },
  { name: 'deep flow nesting that overflows the parser', files: { 'env.yaml': `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n` }, expected: [['env.yaml', '', new RegExp(`^not valid YAML: nested deeper than ${MAX_NESTING_DEPTH} levels$`)]] },
  { name: 'oversized file', files: { 'env.yaml': `${text(base)}${'# padding\n'.repeat(30_000)}` }, expected: [['env.yaml', '', new RegExp(`^expected at most ${MAX_FILE_BYTES} bytes \\(256 KiB\\), found 3\\d{5}$`)]] },
  { name: 'unknown local tag', files: { 'env.yaml': text(base).replace('tier: test', 'tier: !prod test') }, expected: [['env.yaml', 'tier', /^expected a plain YAML value \(string, number, true\/false, null, list or mapping\), found the tag !prod$/]] },
  { name: 'binary tag', files: { 'env.yaml': `${text(base)}extra: !!binary aGVsbG8=\n` }, expected: [['env.yaml', 'extra', /found the tag !!binary$/]] },
  { name: 'timestamp tag', files: { 'env.yaml': text(base).replace('environment: test', 'environment: !!timestamp 2001-12-14') }, expected: [['env.yaml', 'environment', /found the tag !!timestamp$/]] },
  { name: 'set tag', files: { 'env.yaml': `${text(base)}extra: !!set {a, b}\n` }, expected: [['env.yaml', 'extra', /found the tag !!set$/]] },
  { name: '.inf where a number goes', files: { 'env.yaml': text(withService({ cpu: 256 })).replace('cpu: 256', 'cpu: .inf') }, expected: [['env.yaml', 'containerApp.services[0].cpu', /^expected a JSON value, found \.inf \(infinity\)$/]] },
  { name: '-.inf', files: { 'env.yaml': text(withService({ desiredCount: 1 })).replace('desiredCount: 1', 'desiredCount: -.Inf') }, expected: [['env.yaml', 'containerApp.services[0].desiredCount', /^expected a JSON value, found -\.inf \(infinity\)$/]] },
  { name: '.nan', files: { 'env.yaml': text(withService({ memoryMiB: 512 })).replace('memoryMiB: 512', 'memoryMiB: .NaN') }, expected: [['env.yaml', 'containerApp.services[0].memoryMiB', /^expected a JSON value, found \.nan \(not a number\)$/]] },
  { name: 'integer too large to hold', files: { 'env.yaml': text(withService({ containerPort: 3000 })).replace('containerPort: 3000', 'containerPort: 123456789012345678901') }, expected: [['env.yaml', 'containerApp.services[0].containerPort', /^expected a JSON value, found an integer too large to hold exactly/]] },
  { name: 'list as a mapping key', files: { 'env.yaml': `${text(base)}? [a, b]\n: c\n` }, expected: [['env.yaml', '', /^expected a plain key \(a string\), found a list or mapping as a key$/]] },
  { name: '__proto__ key', files: { 'env.yaml': `${text(base)}__proto__: { polluted: true }\n` }, expected: [['env.yaml', '__proto__', /^expected a setting name, found a reserved JavaScript property name$/]] },
  { name: 'two documents in one file', files: { 'env.yaml': `${text(base)}---\n${text(base)}` }, expected: [['env.yaml', '', /^not valid YAML: Source contains multiple documents/]] },
  { name: 'duplicate key', files: { 'env.yaml': `${text(base)}tier: production\n` }, expected: [['env.yaml', '', /^not valid YAML: Map keys must be unique/]] },
  { name: 'empty file', files: { 'env.yaml': '' }, expected: [['env.yaml', '', /^expected a mapping of settings, found null$/]] },
  { name: 'merge key bringing in a bad value', files: { 'env.yaml': `defaults: &defaults\n  tier: prod\n${text(base).replace('tier: test\n', '')}<<: *defaults\n` }, expected: [['env.yaml', 'defaults', /unknown key/], ['env.yaml', 'tier', /^expected one of "test" \| "production", found "prod"$/]] },
  { name: 'file name with a newline', files: { 'bad\nname.yaml': text({ ...base, tier: 'nl' }) }, expected: [['bad\nname.yaml', 'tier', /found "nl"$/]] },
  { name: 'key with a terminal escape sequence', files: { 'env.yaml': `${text(base)}"\\e[2J": x\n` }, expected: [['env.yaml', '\u001b[2J', /^unknown key \(check its spelling and place\)$/]] },
  // --- bytes that are not UTF-8 text ---
  { name: 'Latin-1 file', files: { 'env.yaml': Buffer.concat([Buffer.from(text(base)), Buffer.from('# caf\xe9\n', 'latin1')]) }, expected: [['env.yaml', '', /^expected UTF-8 text, found invalid UTF-8 at byte offset \d+ \(save the file as UTF-8\)$/]] },
  { name: 'UTF-16 file', files: { 'env.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text(base), 'utf16le')]) }, expected: [['env.yaml', '', /^expected UTF-8 text, found UTF-16 \(save the file as UTF-8\)$/]] },
  { name: 'NUL byte', files: { 'env.yaml': Buffer.concat([Buffer.from(text(base)), Buffer.from([0])]) }, expected: [['env.yaml', '', /^expected UTF-8 text, found a NUL byte at offset \d+ \(a binary file\?\)$/]] },
  // --- things in the folder that are not plain files ---
  { name: 'FIFO named like an environment', files: { 'env.yaml': { fifo: true } }, expected: [['env.yaml', '', /^expected a regular file, found a FIFO \(named pipe\)$/]] },
  { name: 'symlink to a device', files: { 'env.yaml': { symlink: '/dev/null' } }, expected: [['env.yaml', '', /^expected a regular file, found a device$/]] },
  { name: 'symlink to itself', files: { 'env.yaml': { symlink: 'env.yaml' } }, expected: [['env.yaml', '', /^expected an environment file or folder, found a symlink loop$/]] },
  { name: 'folder symlink back to its parent', files: { 'env.yaml': text({ ...base, tier: 'x' }), 'loop': { symlink: '.' } }, expected: [['env.yaml', 'tier', /found "x"$/], ['loop', '', /^expected an environment file or folder, found a symlink loop \(back to /]] },
  { name: 'broken symlink', files: { 'env.yaml': { symlink: 'missing.yaml' } }, expected: [['env.yaml', '', /^expected an environment file or folder, found a broken symlink \(to missing\.yaml\)$/]] },
  { name: 'symlink to a file is followed', files: { 'real.txt': text({ ...base, tier: 'linked' }), 'env.yaml': { symlink: 'real.txt' } }, expected: [['env.yaml', 'tier', /found "linked"$/]] },
  { name: 'upper-case extension is read', files: { 'ENV.YAML': text({ ...base, tier: 'upper' }) }, expected: [['ENV.YAML', 'tier', /found "upper"$/]] },
  { name: 'mixed-case .Yml is read', files: { 'env.Yml': text({ ...base, tier: 'mixed' }) }, expected: [['env.Yml', 'tier', /found "mixed"$/]] },
  // --- names AWS would refuse, found in the names the blueprints derive ---
  { name: 'app name makes the ALB name start with internal-', files: { 'env.yaml': text({ ...base, app: 'internal' }) }, expected: [['env.yaml', 'app', /^expected the Application Load Balancer name derived from it to not start with internal- \(reserved\), found "internal-test-alb"$/]] },
  {
    name: 'double hyphen in the app name',
    files: { 'env.yaml': text({ ...base, app: 'shop--x' }) },
    expected: [
      ['env.yaml', 'app', /^expected the RDS instance identifier derived from it to have no two hyphens in a row, found "shop--x-test-db"$/],
      ['env.yaml', 'app', /^expected the RDS parameter group name derived from it to have no two hyphens in a row, found "shop--x-test-db-pg16"$/],
      ['env.yaml', 'app', /^expected the ECR repository name derived from it to be lower-case words joined by single \., _ or - \(no two separators in a row\), found "shop--x-test"$/],
    ],
  },
  {
    name: 'double hyphen in the environment name (production: final snapshot too)',
    files: { 'env.yaml': text({ ...containerAppConfig('production'), environment: 'prod--eu' }) },
    expected: [
      ['env.yaml', 'environment', /RDS instance identifier derived from it to have no two hyphens in a row, found "shop-prod--eu-db"$/],
      ['env.yaml', 'environment', /RDS final snapshot identifier derived from it to have no two hyphens in a row, found "shop-prod--eu-db-final"$/],
      ['env.yaml', 'environment', /RDS parameter group name derived from it to have no two hyphens in a row, found "shop-prod--eu-db-pg16"$/],
      ['env.yaml', 'environment', /ECR repository name derived from it .* found "shop-prod--eu"$/],
    ],
  },
  {
    name: 'app name starting with sg- (security group names)',
    files: { 'env.yaml': text({ ...base, app: 'sg-shop' }) },
    expected: ['alb', 'db', 'web'].map((s): Expected => ['env.yaml', 'app', new RegExp(`^expected the security group name derived from it to not start with sg- \\(reserved\\), found "sg-shop-test-${s}"$`)]),
  },
  {
    name: 'app name starting with xn-- (S3 bucket, RDS, ECR)',
    files: { 'env.yaml': text({ ...base, app: 'xn--shop' }) },
    expected: [
      ['env.yaml', 'app', /^expected the S3 bucket name derived from it to not start with xn-- \(reserved\), found "xn--shop-test-alb-logs-123456789012"$/],
      ['env.yaml', 'app', /RDS instance identifier .* found "xn--shop-test-db"$/],
      ['env.yaml', 'app', /RDS parameter group name .* found "xn--shop-test-db-pg16"$/],
      ['env.yaml', 'app', /ECR repository name .* found "xn--shop-test"$/],
    ],
  },
  {
    name: 'app name starting with aws (SSM parameter names)',
    files: { 'instance.yaml': text({ ...instanceAppConfig('test'), app: 'awsome' }) },
    expected: ['database/host', 'database/port', 'database/name', 'cloudwatch-agent/config'].map((p): Expected => ['instance.yaml', 'app', new RegExp(`^expected the SSM parameter name derived from it to not begin with aws or ssm .* found "/awsome/test/${p}"$`)]),
  },
  {
    name: 'further database whose name AWS would refuse in the derived identifier (trailing hyphen)',
    files: { 'env.yaml': text({ ...base, databases: { 'docs-': { engine: 'mysql' } } }) },
    expected: [
      ['env.yaml', 'databases.docs-', /^expected the RDS instance identifier derived from it to start with a letter and not end with a hyphen, found "shop-test-db-docs-"$/],
      ['env.yaml', 'databases.docs-.engineVersion', /^expected the RDS parameter group name derived from it to have no two hyphens in a row, found "shop-test-db-docs--mysql8-0"$/],
    ],
  },
  { name: 'app name that is an SQL reserved word', files: { 'env.yaml': text({ ...base, app: 'order' }) }, expected: [['env.yaml', 'app', /^expected a database name \(the app name by default; set database\.databaseName\) that PostgreSQL and RDS do not reserve, found "order"$/]] },
  { name: 'state bucket name AWS refuses', files: { 'env.yaml': text({ ...base, backend: { s3: { bucket: 'state..bucket' } } }) }, expected: [['env.yaml', 'backend.s3.bucket', /^expected a name that would start and end with a letter or digit, have no two adjacent periods and not look like an IP address, found "state\.\.bucket"$/]] },
  // --- tags ---
  { name: 'reserved aws: tag prefix', files: { 'env.yaml': text({ ...base, tags: { 'aws:owner': 'me' } }) }, expected: [['env.yaml', 'tags.aws:owner', /^expected a tag key without the aws: prefix \(reserved for AWS\), found "aws:owner"$/]] },
  { name: "tag key the blueprint sets itself", files: { 'env.yaml': text({ ...base, tags: { environment: 'x' } }) }, expected: [['env.yaml', 'tags.environment', /^expected a tag key other than the blueprint's own Environment \(it sets that tag itself\), found "environment"$/]] },
  { name: 'tag keys differing only in case', files: { 'env.yaml': text({ ...base, tags: { Owner: 'a', owner: 'b' } }) }, expected: [['env.yaml', 'tags.owner', /^expected tag keys that differ in more than letter case, found "owner" and "Owner"$/]] },
  { name: 'too many tags', files: { 'env.yaml': text({ ...base, tags: Object.fromEntries(Array.from({ length: 43 }, (_, i) => [`Key${i}`, 'v'])) }) }, expected: [['env.yaml', 'tags', /^expected at most 42 tags \(AWS allows 50 per resource, the blueprints add up to 8\), found 43$/]] },
  { name: 'tag value with characters AWS refuses', files: { 'env.yaml': text({ ...base, tags: { Owner: '<script>' } }) }, expected: [['env.yaml', 'tags.Owner', /^expected a tag value of at most 256 letters, digits, spaces and _\.:\/=\+-@, found other characters$/]] },
  // --- network and load balancer ---
  { name: 'VPC CIDR with host bits set', files: { 'env.yaml': text({ ...base, network: { ...(base.network as object), vpcCidr: '10.0.0.1/16' } }) }, expected: [['env.yaml', 'network.vpcCidr', /^expected a CIDR block in canonical form \(10\.0\.0\.0\/16\), found "10\.0\.0\.1\/16"$/]] },
  { name: 'ingress CIDR with leading zeros', files: { 'env.yaml': text({ ...base, loadBalancer: { ...(base.loadBalancer as object), allowedIngressCidrs: ['010.1.0.0/16'] } }) }, expected: [['env.yaml', 'loadBalancer.allowedIngressCidrs[0]', /canonical form \(10\.1\.0\.0\/16\), found "010\.1\.0\.0\/16"$/]] },
  { name: 'four host headers in one rule', files: { 'env.yaml': text(withService({ routing: { priority: 10, hostHeaders: ['a.example.com', 'b.example.com', 'c.example.com', 'd.example.com'] } })) }, expected: [['env.yaml', 'containerApp.services[0].routing.hostHeaders', /^expected at most 3 host headers in one listener rule, found 4$/]] },
  { name: 'six condition values in one rule', files: { 'env.yaml': text(withService({ routing: { priority: 10, hostHeaders: ['a.example.com', 'b.example.com', 'c.example.com'], pathPatterns: ['/a', '/b', '/c'] } })) }, expected: [['env.yaml', 'containerApp.services[0].routing', /^expected at most 5 host headers and path patterns together in one listener rule, found 6$/]] },
  { name: 'host header with an underscore', files: { 'env.yaml': text(withService({ routing: { priority: 10, hostHeaders: ['shop_app.example.com'] } })) }, expected: [['env.yaml', 'containerApp.services[0].routing.hostHeaders[0]', /^expected a host name of at most 128 letters, digits and - \. \* \?, found "shop_app\.example\.com"$/]] },
  { name: 'path pattern with a space-free but forbidden character', files: { 'env.yaml': text(withService({ routing: { priority: 10, pathPatterns: ['/a<b>'] } })) }, expected: [['env.yaml', 'containerApp.services[0].routing.pathPatterns[0]', /^expected a path pattern of at most 128 letters/]] },
  {
    name: 'two services with the same host',
    files: { 'env.yaml': text(withService({}, [{ ...service, name: 'api', routing: { priority: 20, hostHeaders: ['SHOP.example.com'] } }])) },
    expected: [['env.yaml', 'containerApp.services[1].routing', /^expected a route of its own, found the same host headers and path patterns as services\[0\]/]],
  },
  { name: 'Fargate memory too large for the CPU', files: { 'env.yaml': text(withService({ cpu: 256, memoryMiB: 4096 })) }, expected: [['env.yaml', 'containerApp.services[0].memoryMiB', /^expected a memory size Fargate offers with 256 CPU units \(512–2048 MiB: 512, 1024, 2048\), found 4096$/]] },
  { name: 'Fargate memory not a 1024 step', files: { 'env.yaml': text(withService({ cpu: 1024, memoryMiB: 2500 })) }, expected: [['env.yaml', 'containerApp.services[0].memoryMiB', /^expected a memory size Fargate offers with 1024 CPU units \(2048–8192 MiB: steps of 1024\), found 2500$/]] },
  { name: 'Fargate memory for the production default CPU', files: { 'env.yaml': text({ ...containerAppConfig('production'), containerApp: { services: [{ ...service, memoryMiB: 512 }] } }) }, expected: [['env.yaml', 'containerApp.services[0].memoryMiB', /with 512 CPU units .* found 512$/]] },
  { name: 'writable root', files: { 'env.yaml': text(withService({ writablePaths: ['/tmp', '/'] })) }, expected: [['env.yaml', 'containerApp.services[0].writablePaths[1]', /^expected a folder below the root filesystem, found "\/" \(that would make the read-only root writable\)$/]] },
  { name: 'writable root in disguise', files: { 'env.yaml': text(withService({ writablePaths: ['/tmp/..'] })) }, expected: [['env.yaml', 'containerApp.services[0].writablePaths[0]', /found "\/tmp\/\.\."/]] },
  { name: 'SSM parameter name with an empty level', files: { 'env.yaml': text(withService({ secrets: { SECRET_KEY_BASE: '/shop//secret' } })) }, expected: [['env.yaml', 'containerApp.services[0].secrets.SECRET_KEY_BASE', /^expected an SSM parameter name .* found "\/shop\/\/secret"$/]] },
  { name: 'SSM parameter name 16 levels deep', files: { 'instance.yaml': text({ ...instanceAppConfig('test'), alerting: { opsgenieEndpointParameter: `/${Array(16).fill('x').join('/')}` } }) }, expected: [['instance.yaml', 'alerting.opsgenieEndpointParameter', /^expected an SSM parameter name/]] },
  // --- emulator endpoints ---
  { name: 'emulator endpoint on another host', files: { 'env.yaml': text({ ...base, emulation: { endpoint: 'http://10.0.0.5:5000' } }) }, expected: [['env.yaml', 'emulation.endpoint', /^expected an http\(s\) URL on the loopback interface .* found http:\/\/10\.0\.0\.5$/]] },
  { name: 'emulator endpoint not http', files: { 'env.yaml': text({ ...base, emulation: { endpoint: 'ftp://127.0.0.1:5000' } }) }, expected: [['env.yaml', 'emulation.endpoint', /found ftp:\/\/127\.0\.0\.1$/]] },
  { name: 'emulator endpoint on a look-alike host', files: { 'env.yaml': text({ ...base, emulation: { endpoint: 'http://localhost.attacker.example:5000' } }) }, expected: [['env.yaml', 'emulation.endpoint', /found http:\/\/localhost\.attacker\.example$/]] },
  // --- credentials in plain values ---
  { name: 'database URL with a password', files: { 'env.yaml': text(withEnv({ DATABASE_URL: 'postgres://app:s3cr3t-Pw@db.internal/shop' })) }, expected: [['env.yaml', 'containerApp.services[0].environment.DATABASE_URL', /^expected no credential in a plain config value .* found what looks like a URL with a user name and password; keep it in SSM Parameter Store/]], secret: 's3cr3t-Pw' },
  { name: 'API key in a URL query', files: { 'env.yaml': text(withEnv({ WEBHOOK: 'https://hooks.example.com/notify?apiKey=k3yV4lu3x' })) }, expected: [['env.yaml', 'containerApp.services[0].environment.WEBHOOK', /an API key or token in a URL query/]], secret: 'k3yV4lu3x' },
  { name: 'AWS access key ID', files: { 'env.yaml': text(withEnv({ AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE' })) }, expected: [['env.yaml', 'containerApp.services[0].environment.AWS_ACCESS_KEY_ID', /an AWS access key ID/]], secret: 'AKIAIOSFODNN7EXAMPLE' },
  { name: 'GitHub token', files: { 'env.yaml': text(withEnv({ GH: FAKE_GITHUB_TOKEN })) }, expected: [['env.yaml', 'containerApp.services[0].environment.GH', /a GitHub token/]], secret: FAKE_GITHUB_TOKEN },
  { name: 'GitLab token', files: { 'env.yaml': text(withEnv({ CI_PUSH: FAKE_GITLAB_TOKEN })) }, expected: [['env.yaml', 'containerApp.services[0].environment.CI_PUSH', /a GitLab token/]], secret: FAKE_GITLAB_TOKEN },
  { name: 'Slack token', files: { 'env.yaml': text(withEnv({ NOTIFY: FAKE_SLACK_TOKEN })) }, expected: [['env.yaml', 'containerApp.services[0].environment.NOTIFY', /a Slack token/]], secret: FAKE_SLACK_TOKEN },
  { name: 'random value under *_KEY', files: { 'env.yaml': text(withEnv({ RAILS_MASTER_KEY: FAKE_MASTER_KEY })) }, expected: [['env.yaml', 'containerApp.services[0].environment.RAILS_MASTER_KEY', /a secret \(a long random value under the name RAILS_MASTER_KEY\)/]], secret: FAKE_MASTER_KEY },
  { name: 'token where a number goes is not echoed', files: { 'env.yaml': text(withService({ containerPort: FAKE_GITHUB_TOKEN })) }, expected: [['env.yaml', 'containerApp.services[0].containerPort', /^expected number, found a value that looks like a credential \(not shown\)$/]], secret: FAKE_GITHUB_TOKEN },
  { name: 'access key in a tag value', files: { 'env.yaml': text({ ...base, tags: { Owner: 'AKIAIOSFODNN7EXAMPLE' } }) }, expected: [['env.yaml', 'tags.Owner', /an AWS access key ID/]], secret: 'AKIAIOSFODNN7EXAMPLE' },
  { name: 'token in instance user data', files: { 'instance.yaml': text(withInstanceApp('test', { userData: `#!/bin/sh\ncurl -H "PRIVATE-TOKEN: ${FAKE_GITLAB_TOKEN}" https://gitlab.example.com\n` })) }, expected: [['instance.yaml', 'instanceApp.userData', /a GitLab token/]], secret: FAKE_GITLAB_TOKEN },
];

export function writeCase(dir: string, files: Record<string, FileSpec>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, spec] of Object.entries(files)) {
    const file = path.join(dir, name);
    if (typeof spec === 'string' || Buffer.isBuffer(spec)) fs.writeFileSync(file, spec);
    else if ('fifo' in spec) execFileSync('mkfifo', [file]);
    else if ('symlink' in spec && typeof spec.symlink === 'string') fs.symlinkSync(spec.symlink, file);
    else fs.writeFileSync(file, stringify(spec));
  }
}

/** The folder name of a case in a corpus root. */
export const slug = (name: string): string => name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();

/** Writes every case into its own folder under `root`. */
export function writeCorpus(root: string): void {
  for (const c of cases) writeCase(path.join(root, slug(c.name)), c.files);
}
