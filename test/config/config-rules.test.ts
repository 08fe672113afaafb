/**
 * The config rules of config/aws-rules/config-rules.ts in detail: aws-rules.test.ts shows each rule
 * accepting a compliant and refusing a non-compliant file; here each refusal is the exact list of key
 * paths and messages the user sees, each rule is shown where it stops (the value just inside and just
 * beyond a limit), and the helpers (canonicalCidr, entropyBitsPerChar, credentialKind,
 * isReservedDatabaseWord) answer for each kind of input.
 */
import { canonicalCidr, CONFIG_RULES, credentialKind, entropyBitsPerChar, isReservedDatabaseWord } from '../../config/aws-rules/config-rules';
import { resolveEnvironment } from '../../config/resolve-environment';
import { environmentFileSchema, EnvironmentFile } from '../../config/schema';
import { accountBaselineConfig } from '../support/account-baseline-config';
import { containerAppConfig } from '../support/container-app-config';
import { withInstanceApp } from '../support/instance-app-config';

const base = containerAppConfig('test');
const service = (base.containerApp as { services: Record<string, unknown>[] }).services[0];
const withService = (extra: Record<string, unknown>, more: Record<string, unknown>[] = []) => ({ ...base, containerApp: { services: [{ ...service, ...extra }, ...more] } });
const withRouting = (routing: Record<string, unknown>) => withService({ routing: { priority: 10, ...routing } });

/** The issues of one rule for a config that passes the schema (a rule only sees what the schema let through). */
function issuesOf(id: string, config: Record<string, unknown>) {
  const file = environmentFileSchema.parse(config) as EnvironmentFile;
  return CONFIG_RULES.find((r) => r.id === id)!.check(file, resolveEnvironment(file, 'env.yaml').environment);
}

describe('aws-names: which key a wrong name is blamed on', () => {
  const derived = (what: string, problem: string, name: string) => `expected the ${what} derived from it to ${problem}, found "${name}"`;
  const noDoubleHyphen = 'have no two hyphens in a row';
  const ecrShape = 'be lower-case words joined by single ., _ or - (no two separators in a row)';

  it('blames app when the name fits with another app, also for a name that carries a service name', () => {
    // internal- is reserved for internal load balancers; with a neutral app the ALB name fits.
    expect(issuesOf('aws-names', { ...base, app: 'internal' })).toEqual([{ path: ['app'], message: derived('Application Load Balancer name', 'not start with internal- (reserved)', 'internal-test-alb') }]);
    // The service's security group name comes from app and service name: the app is still to blame, not the service.
    const sg = (name: string) => ({ path: ['app'], message: derived('security group name', 'not start with sg- (reserved)', name) });
    expect(issuesOf('aws-names', { ...base, app: 'sg-shop' })).toEqual([sg('sg-shop-test-alb'), sg('sg-shop-test-db'), sg('sg-shop-test-web')]);
  });

  it('reports a name the blueprints derive twice once: a service called alb gets the load balancer security group name', () => {
    const api = { ...service, name: 'alb', routing: { priority: 20, pathPatterns: ['/api/*'] } };
    const sg = (name: string) => ({ path: ['app'], message: derived('security group name', 'not start with sg- (reserved)', name) });
    expect(issuesOf('aws-names', { ...withService({}, [api]), app: 'sg-shop' })).toEqual([sg('sg-shop-test-alb'), sg('sg-shop-test-db'), sg('sg-shop-test-web')]);
  });

  it('blames environment when only a neutral environment makes the name fit', () => {
    expect(issuesOf('aws-names', { ...base, environment: 'x--y' })).toEqual([
      { path: ['environment'], message: derived('RDS instance identifier', noDoubleHyphen, 'shop-x--y-db') },
      { path: ['environment'], message: derived('RDS parameter group name', noDoubleHyphen, 'shop-x--y-db-pg16') },
      { path: ['environment'], message: derived('ECR repository name', ecrShape, 'shop-x--y') },
    ]);
  });

  it('blames both when neither alone makes the name fit', () => {
    const both = (message: string) => [{ path: ['app'], message }, { path: ['environment'], message }];
    expect(issuesOf('aws-names', { ...base, app: 'x--y', environment: 'a--b' })).toEqual([
      ...both(derived('RDS instance identifier', noDoubleHyphen, 'x--y-a--b-db')),
      ...both(derived('RDS parameter group name', noDoubleHyphen, 'x--y-a--b-db-pg16')),
      ...both(derived('ECR repository name', ecrShape, 'x--y-a--b')),
    ]);
  });

  it('blames the key of a name that is wrong whatever the app and environment, and says the name would be used as given', () => {
    const adopted = { ...base, loadBalancer: { ...(base.loadBalancer as object), name: 'internal-shop' } };
    expect(issuesOf('aws-names', adopted)).toEqual([{ path: ['loadBalancer', 'name'], message: 'expected a name that would not start with internal- (reserved), found "internal-shop"' }]);
  });

  it("blames an account baseline's region: its names are baseline-<account>-<region>, and the account is always 12 digits", () => {
    const region = `eu-${'a'.repeat(240)}-1`;
    const alias = `alias/baseline-123456789012-${region}`;
    expect(issuesOf('aws-names', accountBaselineConfig('test', { region }))).toEqual([{ path: ['region'], message: derived('KMS alias name', `have 7–256 characters (it has ${alias.length})`, alias) }]);
  });
});

describe('referenced-names', () => {
  it('says the state bucket name would be used as given, not derived', () => {
    expect(issuesOf('referenced-names', { ...base, backend: { s3: { bucket: 'xn--state-bucket' } } })).toEqual([
      { path: ['backend', 's3', 'bucket'], message: 'expected a name that would not start with xn-- (reserved), found "xn--state-bucket"' },
    ]);
  });
});

describe('database-reserved-words', () => {
  it('names the engine and, for the app name used as database name, the key that overrides it', () => {
    expect(issuesOf('database-reserved-words', { ...base, app: 'order' })).toEqual([
      { path: ['app'], message: 'expected a database name (the app name by default; set database.databaseName) that PostgreSQL and RDS do not reserve, found "order"' },
    ]);
    expect(issuesOf('database-reserved-words', { ...base, database: { databaseName: 'select', masterUsername: 'user' } })).toEqual([
      { path: ['database', 'databaseName'], message: 'expected a database name that PostgreSQL and RDS do not reserve, found "select"' },
      { path: ['database', 'masterUsername'], message: 'expected a master user name that PostgreSQL and RDS do not reserve, found "user"' },
    ]);
    const mysql = withInstanceApp('test', {}, { database: { engine: 'mysql', engineVersion: '8.0', masterUsername: 'KEY' } });
    expect(issuesOf('database-reserved-words', mysql)).toEqual([{ path: ['database', 'masterUsername'], message: 'expected a master user name that MySQL and RDS do not reserve, found "KEY"' }]);
  });

  it("checks each engine's own list, in any letter case, and RDS's own names for both", () => {
    // user and analyse are PostgreSQL's only; key and database MySQL's only.
    expect(['user', 'analyse', 'key', 'database'].map((w) => [w, isReservedDatabaseWord('postgres', w), isReservedDatabaseWord('mysql', w)])).toEqual([
      ['user', true, false],
      ['analyse', true, false],
      ['key', false, true],
      ['database', false, true],
    ]);
    expect([isReservedDatabaseWord('postgres', 'RdsAdmin'), isReservedDatabaseWord('mysql', 'rds_superuser'), isReservedDatabaseWord('mysql', 'orders')]).toEqual([true, true, false]);
  });
});

describe('tag-keys and tag-count', () => {
  it('refuses only the aws: prefix, not aws: inside a key; accepts a value of any script up to the 256 characters the schema allows', () => {
    expect(issuesOf('tag-keys', { ...base, tags: { 'myaws:team': 'a', Stadt: 'Zürich', Note: 'x'.repeat(256), K: '' } })).toEqual([]);
    expect(issuesOf('tag-keys', { ...base, tags: { 'aws:team': 'a', Team: 'a;b' } })).toEqual([
      { path: ['tags', 'aws:team'], message: 'expected a tag key without the aws: prefix (reserved for AWS), found "aws:team"' },
      { path: ['tags', 'Team'], message: 'expected a tag value of at most 256 letters, digits, spaces and _.:/=+-@, found other characters' },
    ]);
  });

  it('says how many tags the blueprints add', () => {
    const tags = Object.fromEntries(Array.from({ length: 43 }, (_, i) => [`K${i}`, 'v']));
    expect(issuesOf('tag-count', { ...base, tags })).toEqual([{ path: ['tags'], message: 'expected at most 42 tags (AWS allows 50 per resource, the blueprints add up to 8), found 43' }]);
  });
});

describe('canonical-cidrs', () => {
  it('computes the network of a block: host bits cleared, leading zeros dropped; undefined when already canonical', () => {
    expect(canonicalCidr('192.168.1.7/24')).toBe('192.168.1.0/24');
    expect(canonicalCidr('10.1.0.0/8')).toBe('10.0.0.0/8');
    expect(canonicalCidr('010.0.0.0/8')).toBe('10.0.0.0/8');
    expect(canonicalCidr('10.1.2.3/32')).toBeUndefined();
    expect(canonicalCidr('0.0.0.0/0')).toBeUndefined();
  });

  it('names the canonical form; a load balancer without allowedIngressCidrs has nothing to check', () => {
    expect(issuesOf('canonical-cidrs', { ...base, network: { ...(base.network as object), vpcCidr: '10.0.3.0/16' } })).toEqual([
      { path: ['network', 'vpcCidr'], message: 'expected a CIDR block in canonical form (10.0.0.0/16), found "10.0.3.0/16"' },
    ]);
    expect(issuesOf('canonical-cidrs', base)).toEqual([]);
  });
});

describe('listener-rule-conditions', () => {
  const at = ['containerApp', 'services', 0, 'routing'];

  it('allows 3 values per condition and 5 in all, and names the count beyond', () => {
    expect(issuesOf('listener-rule-conditions', withRouting({ pathPatterns: ['/a', '/b', '/c'] }))).toEqual([]);
    expect(issuesOf('listener-rule-conditions', withRouting({ hostHeaders: ['a.com', 'b.com', 'c.com', 'd.com'] }))).toEqual([
      { path: [...at, 'hostHeaders'], message: 'expected at most 3 host headers in one listener rule, found 4' },
    ]);
    expect(issuesOf('listener-rule-conditions', withRouting({ hostHeaders: ['a.com', 'b.com', 'c.com'], pathPatterns: ['/a', '/b', '/c'] }))).toEqual([
      { path: at, message: 'expected at most 5 host headers and path patterns together in one listener rule, found 6' },
    ]);
  });

  it('checks only the conditions a rule has: host headers alone, path patterns alone', () => {
    expect(issuesOf('listener-rule-conditions', base)).toEqual([]);
    expect(issuesOf('listener-rule-conditions', withRouting({ pathPatterns: ['/api/*'] }))).toEqual([]);
  });

  it('accepts a host header of 128 characters, refuses 129 and any character outside the set, quoting at most 60', () => {
    const host128 = `${'a'.repeat(124)}.com`;
    expect(issuesOf('listener-rule-conditions', withRouting({ hostHeaders: [host128] }))).toEqual([]);
    const message = (h: string) => `expected a host name of at most 128 letters, digits and - . * ?, found ${JSON.stringify(h)}`;
    // A port or an underscore anywhere in the name, at its start or end, is refused: the whole value must match.
    expect(issuesOf('listener-rule-conditions', withRouting({ hostHeaders: [`a${host128}`, 'shop.example.com:443', 'bad_host.example.com'] }))).toEqual([
      { path: [...at, 'hostHeaders', 0], message: message('a'.repeat(60)) },
      { path: [...at, 'hostHeaders', 1], message: message('shop.example.com:443') },
      { path: [...at, 'hostHeaders', 2], message: message('bad_host.example.com') },
    ]);
  });

  it('accepts a path pattern of 128 characters, refuses 129 and any character outside the set, quoting at most 60', () => {
    const path128 = `/${'p'.repeat(127)}`;
    expect(issuesOf('listener-rule-conditions', withRouting({ pathPatterns: [path128, "/a_b-c.$~\"'@:+&*?"] }))).toEqual([]);
    const message = (p: string) => `expected a path pattern of at most 128 letters, digits and _-.$/~"'@:+&*?, found ${JSON.stringify(p)}`;
    expect(issuesOf('listener-rule-conditions', withRouting({ pathPatterns: [`${path128}p`, '/a%20b', '/search#'] }))).toEqual([
      { path: [...at, 'pathPatterns', 0], message: message(`/${'p'.repeat(59)}`) },
      { path: [...at, 'pathPatterns', 1], message: message('/a%20b') },
      { path: [...at, 'pathPatterns', 2], message: message('/search#') },
    ]);
  });
});

describe('unique-routes', () => {
  const api = (routing: Record<string, unknown>) => ({ ...service, name: 'api', routing: { priority: 20, ...routing } });
  const config = (first: Record<string, unknown>, second: Record<string, unknown>) => withService({ routing: { priority: 10, ...first } }, [api(second)]);

  it('compares host headers as a set in any letter case (ALB matches them so), path patterns as a set', () => {
    expect(issuesOf('unique-routes', config({ hostHeaders: ['a.example.com', 'b.example.com'] }, { hostHeaders: ['B.example.com', 'a.example.com'] }))).toEqual([
      { path: ['containerApp', 'services', 1, 'routing'], message: 'expected a route of its own, found the same host headers and path patterns as services[0] (only the lower priority would ever match)' },
    ]);
  });

  it('accepts different host headers of the same number', () => {
    expect(issuesOf('unique-routes', config({ hostHeaders: ['a.example.com'] }, { hostHeaders: ['b.example.com'] }))).toEqual([]);
  });
});

describe('fargate-cpu-memory', () => {
  const message = (cpu: number, sizes: string, memory: number) => `expected a memory size Fargate offers with ${cpu} CPU units (${sizes}), found ${memory}`;
  it('lists the sizes when there are at most four, else the range in steps', () => {
    const at = ['containerApp', 'services', 0, 'memoryMiB'];
    expect(issuesOf('fargate-cpu-memory', withService({ cpu: 256, memoryMiB: 4096 }))).toEqual([{ path: at, message: message(256, '512–2048 MiB: 512, 1024, 2048', 4096) }]);
    expect(issuesOf('fargate-cpu-memory', withService({ cpu: 512, memoryMiB: 1536 }))).toEqual([{ path: at, message: message(512, '1024–4096 MiB: 1024, 2048, 3072, 4096', 1536) }]);
    expect(issuesOf('fargate-cpu-memory', withService({ cpu: 1024, memoryMiB: 1536 }))).toEqual([{ path: at, message: message(1024, '2048–8192 MiB: steps of 1024', 1536) }]);
  });
});

describe('ssm-parameter-references', () => {
  const message = (name: string) => `expected an SSM parameter name (/level/…/name: letters, digits and _.-, at most 15 levels and 1011 characters, no empty level or trailing /), found ${JSON.stringify(name)}`;
  const secretAt = ['containerApp', 'services', 0, 'secrets', 'A'];

  it('accepts 1011 characters, refuses 1012 quoting the first 80', () => {
    expect(issuesOf('ssm-parameter-references', withService({ secrets: { A: `/${'x'.repeat(1010)}` } }))).toEqual([]);
    expect(issuesOf('ssm-parameter-references', withService({ secrets: { A: `/${'x'.repeat(1011)}` } }))).toEqual([{ path: secretAt, message: message(`/${'x'.repeat(79)}`) }]);
  });

  it('refuses an empty level anywhere and a 16th level', () => {
    expect(issuesOf('ssm-parameter-references', withService({ secrets: { A: '/shop//key' } }))).toEqual([{ path: secretAt, message: message('/shop//key') }]);
    const sixteen = `/${Array(16).fill('x').join('/')}`;
    expect(issuesOf('ssm-parameter-references', withService({ secrets: { A: sixteen } }))).toEqual([{ path: secretAt, message: message(sixteen) }]);
  });

  it("checks an account baseline's Opsgenie parameter like an app's (it reads it the same way)", () => {
    expect(issuesOf('ssm-parameter-references', accountBaselineConfig('test', { alerting: { opsgenieEndpointParameter: '/platform/opsgenie/' } }))).toEqual([
      { path: ['alerting', 'opsgenieEndpointParameter'], message: message('/platform/opsgenie/') },
    ]);
    expect(issuesOf('ssm-parameter-references', accountBaselineConfig('test', { alerting: { opsgenieEndpointParameter: '/platform/opsgenie/endpoint' } }))).toEqual([]);
  });
});

describe('writable-root', () => {
  it('resolves .. : a path that climbs back to the root is the root', () => {
    const at = (j: number) => ['containerApp', 'services', 0, 'writablePaths', j];
    const message = (p: string) => `expected a folder below the root filesystem, found ${JSON.stringify(p)} (that would make the read-only root writable)`;
    expect(issuesOf('writable-root', withService({ writablePaths: ['/tmp/..', '/tmp/../var', '/..'] }))).toEqual([
      { path: at(0), message: message('/tmp/..') },
      { path: at(2), message: message('/..') },
    ]);
  });
});

describe('emulator-loopback', () => {
  const message = (found: string) => `expected an http(s) URL on the loopback interface such as http://127.0.0.1:5000 (AWS calls with test credentials must not leave the machine), found ${found}`;
  it('takes 127.x only as an IPv4 address, not as the start of a host name, and only over http(s); names what it found', () => {
    expect(issuesOf('emulator-loopback', { ...base, emulation: { endpoint: 'http://127.evil.example:5000' } })).toEqual([{ path: ['emulation', 'endpoint'], message: message('http://127.evil.example') }]);
    expect(issuesOf('emulator-loopback', { ...base, emulation: { endpoint: 'ftp://localhost/' } })).toEqual([{ path: ['emulation', 'endpoint'], message: message('ftp://localhost') }]);
    expect(issuesOf('emulator-loopback', { ...base, emulation: { endpoint: 'http://127.1.2.3:5000' } })).toEqual([]);
  });
});

describe('credentialKind', () => {
  const randomValue = 'Zm9vYmFyYmF6cXV4MTIzNDU2';
  const kinds = (cases: [string, string][]) => cases.map(([name, value]) => [name, value, credentialKind(name, value)]);

  it('finds each credential shape under any name, and says which it is', () => {
    const shapes: [string, string][] = [
      ['a URL with a user name and password', 'postgres://app:hunter2@db.internal/shop'],
      ['an AWS access key ID', 'AKIAIOSFODNN7EXAMPLE'],
      ['a GitHub token', `ghp_${'a1B2c3D4e5'.repeat(3)}`],
      ['a GitHub token', `github_pat_${'A1b2C3d4E5'.repeat(2)}`],
      ['a GitLab token', `glpat-${'x1Y2z3W4v5'.repeat(2)}`],
      ['a Slack token', 'xoxb-1234567890'],
      ['a private key', '-----BEGIN OPENSSH PRIVATE KEY-----'],
      ['a Stripe secret key', `rk_live_${'a1B2'.repeat(4)}`],
      ['a JSON Web Token', 'eyJhbGciOiJ.eyJzdWIiOiJ.signatur'],
    ];
    expect(shapes.map(([, value]) => credentialKind('NOTE', value))).toEqual(shapes.map(([what]) => what));
  });

  it('finds a key or token in a URL query under each parameter name, with or without _ or - inside it', () => {
    const params = ['api_key', 'api-key', 'apikey', 'key', 'access_token', 'accesstoken', 'auth_token', 'authtoken', 'token', 'secret', 'client_secret', 'clientsecret', 'sig', 'X-Amz-Signature'];
    expect(params.map((p) => [p, credentialKind('URL', `https://api.example.com/v1?page=2&${p}=abc123`)])).toEqual(params.map((p) => [p, 'an API key or token in a URL query']));
  });

  it('finds no key in a query parameter that only ends in one, nor an empty value', () => {
    expect(kinds([['URL', 'https://shop.example.com/?monkey=banana'], ['URL', 'https://shop.example.com/?token=&page=2'], ['URL', 'https://shop.example.com/?apixkey=1']])).toEqual([
      ['URL', 'https://shop.example.com/?monkey=banana', undefined],
      ['URL', 'https://shop.example.com/?token=&page=2', undefined],
      ['URL', 'https://shop.example.com/?apixkey=1', undefined],
    ]);
  });

  it('takes a token shape only at its full length: one character short is not that token', () => {
    const short = [
      'AKIAIOSFODNN7EXAMP',
      `ghp_${'a'.repeat(29)}`,
      `github_pat_${'a'.repeat(19)}`,
      `glpat-${'a'.repeat(19)}`,
      'xoxb-123456789',
      `sk_live_${'a'.repeat(15)}`,
      'eyJhbGciOi.eyJzdWIiOiJ.signatur',
      'eyJhbGciOiJ.eyJzdWIiOi.signatur',
      'eyJhbGciOiJ.eyJzdWIiOiJ.signatu',
    ];
    expect(short.map((v) => [v, credentialKind('NOTE', v)])).toEqual(short.map((v) => [v, undefined]));
  });

  it('takes a long random value as a secret under a secret name: the whole name or its last word after _ - .', () => {
    const secretNames = ['TOKEN', 'db.password', 'APIKEY', 'API_KEY', 'PRIVATEKEY', 'private-key', 'ACCESSKEY', 'CREDENTIAL', 'CREDENTIALS', 'auth'];
    expect(secretNames.map((n) => credentialKind(n, randomValue))).toEqual(secretNames.map((n) => `a secret (a long random value under the name ${n})`));
    // Another word glued to KEY, or a word after the secret one, makes it no secret name.
    const otherNames = ['MONKEY', 'APIXKEY', 'PRIVATEXKEY', 'ACCESSXKEY', 'TOKEN_URL', 'PASSWORD_FILE'];
    expect(otherNames.map((n) => [n, credentialKind(n, randomValue)])).toEqual(otherNames.map((n) => [n, undefined]));
  });

  it('takes a value as random from 16 characters and 3.5 bits per character, and never a path or an ARN', () => {
    const atThreshold = 'abcdefghIJKLIJKL'; // 8 characters once and 4 twice: exactly 3.5 bits per character
    expect(entropyBitsPerChar(atThreshold)).toBe(3.5);
    expect(
      kinds([
        ['API_TOKEN', atThreshold],
        ['API_TOKEN', 'abcdefghijklmnop'],
        ['API_TOKEN', 'abcdefghijklmno'],
        ['API_TOKEN', 'abababababababababab'],
        ['API_TOKEN', '/run/secrets/Xy9Qz3Lm8Kp'],
        ['API_TOKEN', 'arn:aws:ssm:eu-central-1:123456789012:parameter/shop/Xy9'],
      ]),
    ).toEqual([
      ['API_TOKEN', atThreshold, 'a secret (a long random value under the name API_TOKEN)'],
      ['API_TOKEN', 'abcdefghijklmnop', 'a secret (a long random value under the name API_TOKEN)'],
      ['API_TOKEN', 'abcdefghijklmno', undefined],
      ['API_TOKEN', 'abababababababababab', undefined],
      ['API_TOKEN', '/run/secrets/Xy9Qz3Lm8Kp', undefined],
      ['API_TOKEN', 'arn:aws:ssm:eu-central-1:123456789012:parameter/shop/Xy9', undefined],
    ]);
  });

  it('measures Shannon entropy in bits per character', () => {
    expect([entropyBitsPerChar('aaaa'), entropyBitsPerChar('ab'), entropyBitsPerChar('aabb'), entropyBitsPerChar('abcd'), entropyBitsPerChar('aaab')]).toEqual([0, 1, 1, 2, expect.closeTo(0.8113, 4)]);
  });
});

describe('no-plain-credentials', () => {
  it("skips a service's secrets (parameter names), not an environment variable called secrets", () => {
    const slackParameter = '/shop/production/xoxb-slack-bot-token';
    expect(issuesOf('no-plain-credentials', withService({ secrets: { SLACK_TOKEN: slackParameter } }))).toEqual([]);
    expect(issuesOf('no-plain-credentials', withService({ environment: { secrets: 'xoxb-1234567890' } }))).toEqual([
      {
        path: ['containerApp', 'services', 0, 'environment', 'secrets'],
        message: "expected no credential in a plain config value (it would be stored in Terraform state and shown in plans), found what looks like a Slack token; keep it in SSM Parameter Store and reference it under the service's secrets",
      },
    ]);
  });
});
