/**
 * What AWS (or a running container) would reject, rejected at load time: one entry per rule, each
 * with its own compliant and non-compliant test (test/config/aws-rules.test.ts), like cdk-nag. A rule
 * sees the file as written (for key paths) and the resolved environment (tier defaults filled in, the
 * names the blueprints derive). Every problem is collected; nothing stops at the first.
 */
import { isIP } from 'net';
import { derivedNames } from './derived-names';
import { BLUEPRINT_DEFAULT_TAG_KEYS, RESOURCE_TAG_KEYS, ResourceNames } from '../resource-names';
import { PropIssue } from '../check-environment-props';
import { ResolvedEnvironment } from '../resolve-environment';
import { EnvironmentFile } from '../schema';
import { NAME_RULES_BY_ID, nameViolation } from './name-rules';

export interface ConfigRule {
  id: string;
  /** What the rule enforces, for the README's rules table. */
  description: string;
  check(file: EnvironmentFile, env: ResolvedEnvironment): PropIssue[];
}

/** AWS allows 50 tags per resource; the blueprints set the default tags on every resource and up to three more on some. */
export const MAX_TAGS_PER_RESOURCE = 50;
export const MAX_CONFIG_TAGS = MAX_TAGS_PER_RESOURCE - BLUEPRINT_DEFAULT_TAG_KEYS.length - Object.keys(RESOURCE_TAG_KEYS).length;
const RESERVED_TAG_KEYS = [...BLUEPRINT_DEFAULT_TAG_KEYS, ...Object.values(RESOURCE_TAG_KEYS)];
/** Letters, digits and spaces in any script, and _ . : / = + - @ (the set every tagging API accepts). */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Fargate's CPU units and the memory sizes (MiB) each allows. */
export const FARGATE_MEMORY_BY_CPU: Record<number, number[]> = {
  256: [512, 1024, 2048],
  512: [1024, 2048, 3072, 4096],
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
};

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

/** ALB listener rules: at most 3 values per condition and 5 per rule; each value at most 128 characters. */
export const LISTENER_RULE_LIMITS = { valuesPerCondition: 3, valuesPerRule: 5, valueLength: 128 };
const HOST_HEADER_CHARACTERS = /^[A-Za-z0-9\-.*?]+$/;
const PATH_PATTERN_CHARACTERS = /^[A-Za-z0-9_\-.$/~"'@:+&*?]+$/;

interface Routing {
  priority: number;
  hostHeaders?: string[];
  pathPatterns?: string[];
}

/** Every listener rule of the file, with its key path. */
function routings(file: EnvironmentFile): { at: (string | number)[]; routing: Routing }[] {
  if (file.blueprint === 'container-app') return file.containerApp.services.map((s, i) => ({ at: ['containerApp', 'services', i, 'routing'], routing: s.routing }));
  if (file.blueprint === 'instance-app' && file.instanceApp.routing) return [{ at: ['instanceApp', 'routing'], routing: file.instanceApp.routing }];
  return [];
}

/** `a.b.c.d/n` with host bits zero and no leading zeros, or undefined when that is what was given. */
export function canonicalCidr(cidr: string): string | undefined {
  const [address, prefixText] = cidr.split('/');
  const octets = address.split('.').map(Number);
  const prefix = Number(prefixText);
  const value = octets.reduce((n, o) => n * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const network = value - (value % size);
  const canonical = `${[24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.')}/${prefix}`;
  return canonical === cidr ? undefined : canonical;
}

/** Credential shapes that are never a legitimate plain config value (each found anywhere in the value). */
const CREDENTIAL_PATTERNS: { what: string; pattern: RegExp }[] = [
  { what: 'a URL with a user name and password', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/@:]+:[^\s/@]+@/i },
  { what: 'an API key or token in a URL query', pattern: /[?&](api[_-]?key|key|access[_-]?token|auth[_-]?token|token|secret|client[_-]?secret|password|passwd|pwd|sig|signature|x-amz-signature|x-amz-credential)=[^&#\s]/i },
  { what: 'an AWS access key ID', pattern: /\b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/ },
  { what: 'a GitHub token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,})/ },
  { what: 'a GitLab token', pattern: /\bgl(pat|dt|rt|ptt|cbt|oas)-[A-Za-z0-9_-]{20,}/ },
  { what: 'a Slack token', pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,}/ },
  { what: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: 'a Stripe secret key', pattern: /\b[sr]k_live_[A-Za-z0-9]{16,}/ },
  { what: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
];
/** Names under which a long random-looking value is a secret. */
const SECRET_NAME = /(^|[_\-.])(token|secret|password|passwd|pwd|pass|api[_-]?key|key|private[_-]?key|access[_-]?key|credentials?|auth)$/i;

/** Shannon entropy in bits per character. */
export function entropyBitsPerChar(value: string): number {
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / value.length) * Math.log2(n / value.length);
  return bits;
}

/** What kind of credential `value` (found under `name`) looks like, or undefined. */
export function credentialKind(name: string, value: string): string | undefined {
  for (const { what, pattern } of CREDENTIAL_PATTERNS) if (pattern.test(value)) return what;
  if (SECRET_NAME.test(name) && value.length >= 16 && !/\s/.test(value) && !value.startsWith('/') && !value.startsWith('arn:') && entropyBitsPerChar(value) >= 3.5) {
    return `a secret (a long random value under the name ${name})`;
  }
  return undefined;
}

/** Names RDS keeps for its own accounts. */
const RDS_RESERVED_NAMES = ['rdsadmin', 'rdsrepladmin', 'rds_superuser'];
/** PostgreSQL's reserved key words (documentation, appendix "SQL Key Words", column "reserved"). */
const POSTGRES_RESERVED = new Set(
  'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral leading limit localtime localtimestamp not null offset on only or order placing primary references returning select session_user some symmetric system_user table then to trailing true union unique user using variadic when where window with'.split(' '),
);
/** MySQL's reserved words that are plausible names (the full list has about 260). */
const MYSQL_RESERVED = new Set(
  'add all alter analyze and as asc before between by call cascade case change check column condition constraint continue convert create cross database databases default delete desc describe distinct drop else exists explain false fetch for foreign from grant group having if ignore in index insert interval into is join key keys kill left like limit lock match not null on option or order outer primary procedure range read references rename replace require restrict revoke right schema select set show table then to trigger true union unique update usage use using values when where with write'.split(' '),
);

/** Whether RDS would refuse `word` as a database or master user name for `engine`. */
export function isReservedDatabaseWord(engine: 'postgres' | 'mysql', word: string): boolean {
  const lower = word.toLowerCase();
  return (engine === 'postgres' ? POSTGRES_RESERVED : MYSQL_RESERVED).has(lower) || RDS_RESERVED_NAMES.includes(lower);
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

export const CONFIG_RULES: ConfigRule[] = [
  {
    id: 'aws-names',
    description: 'Every AWS name the blueprints derive (from app, environment, service names, account, engine version) satisfies the naming rules table below.',
    check(_file, env) {
      const issues: PropIssue[] = [];
      const actual = derivedNames(env);
      // Which key is to blame: the name is checked again with app (then environment) replaced by a neutral word.
      const withNeutralApp = derivedNames(env, new ResourceNames('app', env.environment));
      const withNeutralEnvironment = derivedNames(env, new ResourceNames(env.app, 'env'));
      const withNeutralBoth = derivedNames(env, new ResourceNames('app', 'env'));
      const seen = new Set<string>();
      actual.forEach((derived, i) => {
        const rule = NAME_RULES_BY_ID.get(derived.rule)!;
        const problem = nameViolation(rule, derived.name, !derived.given);
        if (!problem || seen.has(`${rule.id} ${derived.name}`)) return;
        seen.add(`${rule.id} ${derived.name}`);
        // derivedNames lists the same names in the same order whatever the app and environment.
        const fits = (list: typeof actual) => nameViolation(rule, list[i].name) === undefined;
        let paths: (string | number)[][];
        // A baseline's names are `baseline-<account>-<region>-…`; the account is 12 digits, so only a region can make one too long.
        if (env.blueprint === 'account-baseline') paths = [['region']];
        else if (fits(withNeutralApp)) paths = [['app']];
        else if (fits(withNeutralEnvironment)) paths = [['environment']];
        else if (fits(withNeutralBoth)) paths = [['app'], ['environment']];
        // Wrong even with a neutral app and environment: a given name, or one with another key in it (derivedNames
        // blames a name on no further key only when app and environment are all it is made of).
        else paths = [derived.keyPath];
        for (const path of paths) issues.push({ path, message: problem });
      });
      return issues;
    },
  },
  {
    id: 'referenced-names',
    description: 'Names of existing resources a config refers to follow the same naming table: the S3 state bucket (`backend.s3.bucket`).',
    check(file) {
      const bucket = file.backend && 's3' in file.backend ? file.backend.s3.bucket : undefined;
      const problem = bucket === undefined ? undefined : nameViolation(NAME_RULES_BY_ID.get('s3-bucket-name')!, bucket, false);
      return problem ? [{ path: ['backend', 's3', 'bucket'], message: problem }] : [];
    },
  },
  {
    id: 'database-reserved-words',
    description: `The database name and master user name (\`databaseName\` defaults to the app name) are not words the engine reserves: PostgreSQL's reserved key words, MySQL's most common reserved words, and RDS's own ${RDS_RESERVED_NAMES.join(', ')}.`,
    check(file, env) {
      if (env.blueprint === 'account-baseline' || env.blueprint === 'observability' || file.blueprint === 'account-baseline' || file.blueprint === 'observability') return [];
      const db = env.database;
      const issues: PropIssue[] = [];
      const check = (value: string, path: (string | number)[], what: string) => {
        if (isReservedDatabaseWord(db.engine, value)) issues.push({ path, message: `expected a ${what} that ${db.engine === 'postgres' ? 'PostgreSQL' : 'MySQL'} and RDS do not reserve, found "${value}"` });
      };
      check(db.databaseName, file.database?.databaseName !== undefined ? ['database', 'databaseName'] : ['app'], `database name${file.database?.databaseName === undefined ? ' (the app name by default; set database.databaseName)' : ''}`);
      check(db.masterUsername, ['database', 'masterUsername'], 'master user name');
      return issues;
    },
  },
  {
    id: 'tag-keys',
    description: `Tag keys 1–128 and values 0–256 characters of letters, digits, spaces and _.:/=+-@; no aws: prefix (reserved); none of the blueprint's own keys (${RESERVED_TAG_KEYS.join(', ')}); no two keys that differ only in case (IAM treats them as one).`,
    check(file) {
      const issues: PropIssue[] = [];
      const seen = new Map<string, string>();
      for (const [key, value] of Object.entries(file.tags ?? {})) {
        const at = ['tags', key];
        // The schema already holds keys to 1–128 of A–Z a–z 0–9 and _ .:/=+-@ and values to 256 characters.
        if (/^aws:/i.test(key)) issues.push({ path: at, message: `expected a tag key without the aws: prefix (reserved for AWS), found ${JSON.stringify(key)}` });
        const reserved = RESERVED_TAG_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
        if (reserved) issues.push({ path: at, message: `expected a tag key other than the blueprint's own ${reserved} (it sets that tag itself), found ${JSON.stringify(key)}` });
        const twin = seen.get(key.toLowerCase());
        if (twin !== undefined) issues.push({ path: at, message: `expected tag keys that differ in more than letter case, found ${JSON.stringify(key)} and ${JSON.stringify(twin)}` });
        seen.set(key.toLowerCase(), key);
        if (!TAG_CHARACTERS.test(value)) issues.push({ path: at, message: 'expected a tag value of at most 256 letters, digits, spaces and _.:/=+-@, found other characters' });
      }
      return issues;
    },
  },
  {
    id: 'tag-count',
    description: `At most ${MAX_CONFIG_TAGS} tags in \`tags\`: AWS allows ${MAX_TAGS_PER_RESOURCE} per resource, and the blueprints add ${BLUEPRINT_DEFAULT_TAG_KEYS.length} to every resource and up to ${Object.keys(RESOURCE_TAG_KEYS).length} more to some.`,
    check(file) {
      const n = Object.keys(file.tags ?? {}).length;
      return n > MAX_CONFIG_TAGS ? [{ path: ['tags'], message: `expected at most ${MAX_CONFIG_TAGS} tags (AWS allows ${MAX_TAGS_PER_RESOURCE} per resource, the blueprints add up to ${MAX_TAGS_PER_RESOURCE - MAX_CONFIG_TAGS}), found ${n}` }] : [];
    },
  },
  {
    id: 'canonical-cidrs',
    description: 'CIDR blocks in canonical form: no host bits set, no leading zeros (10.0.0.0/16, not 10.0.0.1/16).',
    check(file) {
      if (file.blueprint === 'account-baseline') return [];
      const cidrs: { at: (string | number)[]; cidr: string }[] = [];
      if ('vpcCidr' in file.network) cidrs.push({ at: ['network', 'vpcCidr'], cidr: file.network.vpcCidr });
      if (file.blueprint !== 'observability') {
        (file.loadBalancer.allowedIngressCidrs ?? []).forEach((cidr, i) => cidrs.push({ at: ['loadBalancer', 'allowedIngressCidrs', i], cidr }));
      }
      return cidrs.flatMap(({ at, cidr }) => {
        const canonical = canonicalCidr(cidr);
        return canonical ? [{ path: at, message: `expected a CIDR block in canonical form (${canonical}), found ${JSON.stringify(cidr)}` }] : [];
      });
    },
  },
  {
    id: 'listener-rule-conditions',
    description: `ALB listener rules: at most ${LISTENER_RULE_LIMITS.valuesPerCondition} hostHeaders and ${LISTENER_RULE_LIMITS.valuesPerCondition} pathPatterns, ${LISTENER_RULE_LIMITS.valuesPerRule} values in all; each value at most ${LISTENER_RULE_LIMITS.valueLength} characters (host headers: letters, digits, - . * ?; path patterns: letters, digits and _-.$/~"'@:+&*?).`,
    check(file) {
      const issues: PropIssue[] = [];
      for (const { at, routing } of routings(file)) {
        const hosts = routing.hostHeaders ?? [];
        const paths = routing.pathPatterns ?? [];
        if (hosts.length > LISTENER_RULE_LIMITS.valuesPerCondition) issues.push({ path: [...at, 'hostHeaders'], message: `expected at most ${LISTENER_RULE_LIMITS.valuesPerCondition} host headers in one listener rule, found ${hosts.length}` });
        if (paths.length > LISTENER_RULE_LIMITS.valuesPerCondition) issues.push({ path: [...at, 'pathPatterns'], message: `expected at most ${LISTENER_RULE_LIMITS.valuesPerCondition} path patterns in one listener rule, found ${paths.length}` });
        if (hosts.length + paths.length > LISTENER_RULE_LIMITS.valuesPerRule) issues.push({ path: at, message: `expected at most ${LISTENER_RULE_LIMITS.valuesPerRule} host headers and path patterns together in one listener rule, found ${hosts.length + paths.length}` });
        hosts.forEach((h, i) => {
          if (h.length > LISTENER_RULE_LIMITS.valueLength || !HOST_HEADER_CHARACTERS.test(h)) issues.push({ path: [...at, 'hostHeaders', i], message: `expected a host name of at most 128 letters, digits and - . * ?, found ${JSON.stringify(h.slice(0, 60))}` });
        });
        paths.forEach((p, i) => {
          if (p.length > LISTENER_RULE_LIMITS.valueLength || !PATH_PATTERN_CHARACTERS.test(p)) issues.push({ path: [...at, 'pathPatterns', i], message: `expected a path pattern of at most 128 letters, digits and _-.$/~"'@:+&*?, found ${JSON.stringify(p.slice(0, 60))}` });
        });
      }
      return issues;
    },
  },
  {
    id: 'unique-routes',
    description: 'No two services with the same host headers and path patterns (the later rule would never match).',
    check(file) {
      const issues: PropIssue[] = [];
      const seen = new Map<string, number>();
      if (file.blueprint !== 'container-app') return issues;
      file.containerApp.services.forEach((s, i) => {
        const key = JSON.stringify([[...(s.routing.hostHeaders ?? [])].map((h) => h.toLowerCase()).sort(), [...(s.routing.pathPatterns ?? [])].sort()]);
        const other = seen.get(key);
        if (other !== undefined) issues.push({ path: ['containerApp', 'services', i, 'routing'], message: `expected a route of its own, found the same host headers and path patterns as services[${other}] (only the lower priority would ever match)` });
        else seen.set(key, i);
      });
      return issues;
    },
  },
  {
    id: 'fargate-cpu-memory',
    description: 'Fargate CPU and memory in a combination Fargate offers (256: 512–2048 MiB; 512: 1024–4096; 1024: 2048–8192; 2048: 4096–16384; 4096: 8192–30720, in 1024 steps).',
    check(_file, env) {
      if (env.blueprint !== 'container-app') return [];
      return env.services.flatMap((s, i) => {
        const allowed = FARGATE_MEMORY_BY_CPU[s.cpu];
        if (!allowed || allowed.includes(s.memoryMiB)) return [];
        return [{ path: ['containerApp', 'services', i, 'memoryMiB'], message: `expected a memory size Fargate offers with ${s.cpu} CPU units (${allowed[0]}–${allowed[allowed.length - 1]} MiB: ${allowed.length <= 4 ? allowed.join(', ') : `steps of 1024`}), found ${s.memoryMiB}` }];
      });
    },
  },
  {
    id: 'ssm-parameter-references',
    description: 'SSM parameter names a config refers to (`secrets`, `alerting.opsgenieEndpointParameter`): letters, digits and _.-/, at most 1011 characters and 15 levels, no empty level or trailing /.',
    check(file) {
      const refs: { at: (string | number)[]; name: string }[] = [];
      if (file.alerting?.opsgenieEndpointParameter) refs.push({ at: ['alerting', 'opsgenieEndpointParameter'], name: file.alerting.opsgenieEndpointParameter });
      if (file.blueprint === 'container-app') {
        file.containerApp.services.forEach((s, i) => Object.entries(s.secrets ?? {}).forEach(([k, name]) => refs.push({ at: ['containerApp', 'services', i, 'secrets', k], name })));
      }
      return refs.flatMap(({ at, name }) => {
        const levels = name.split('/').length - 1;
        if (name.length <= 1011 && /^(\/[A-Za-z0-9_.-]+)+$/.test(name) && levels <= 15) return [];
        return [{ path: at, message: `expected an SSM parameter name (/level/…/name: letters, digits and _.-, at most 15 levels and 1011 characters, no empty level or trailing /), found ${JSON.stringify(name.slice(0, 80))}` }];
      });
    },
  },
  {
    id: 'writable-root',
    description: 'No writable path that is the root filesystem (`/`, `//`, `/.`, `/x/..`): it would make the read-only root writable.',
    check(file) {
      if (file.blueprint !== 'container-app') return [];
      const issues: PropIssue[] = [];
      file.containerApp.services.forEach((s, i) =>
        (s.writablePaths ?? []).forEach((p, j) => {
          if (isRootPath(p)) issues.push({ path: ['containerApp', 'services', i, 'writablePaths', j], message: `expected a folder below the root filesystem, found ${JSON.stringify(p)} (that would make the read-only root writable)` });
        }),
      );
      return issues;
    },
  },
  {
    id: 'emulator-loopback',
    description: 'An emulator endpoint is http(s) on the loopback interface (localhost, 127.0.0.0/8, [::1]), without user or password.',
    check(file) {
      const endpoint = file.emulation?.endpoint;
      if (endpoint === undefined) return [];
      // The schema's z.url() has parsed it (and returns it trimmed), so this does not throw.
      const url = new URL(endpoint);
      const host = url.hostname;
      const loopback = LOOPBACK_HOSTS.has(host) || (isIP(host) === 4 && host.startsWith('127.'));
      if ((url.protocol === 'http:' || url.protocol === 'https:') && loopback && !url.username && !url.password) return [];
      return [{ path: ['emulation', 'endpoint'], message: `expected an http(s) URL on the loopback interface such as http://127.0.0.1:5000 (AWS calls with test credentials must not leave the machine), found ${url.protocol}//${host}` }];
    },
  },
  {
    id: 'no-plain-credentials',
    description: 'No credential in a plain value (URL with user:password, API key in a URL query, AWS access key ID, GitHub/GitLab/Slack/Stripe tokens, private keys, JWTs, long random values under *_TOKEN, *_SECRET, *_PASSWORD, *_KEY…): it would sit in Terraform state and every plan. Secrets go to SSM Parameter Store and are referenced under a service\'s `secrets`.',
    check(file) {
      const issues: PropIssue[] = [];
      const walk = (value: unknown, at: (string | number)[], name: string) => {
        if (typeof value === 'string') {
          const kind = credentialKind(name, value);
          // The value itself is never quoted: that would print the secret.
          if (kind) issues.push({ path: at, message: `expected no credential in a plain config value (it would be stored in Terraform state and shown in plans), found what looks like ${kind}; keep it in SSM Parameter Store and reference it under the service's secrets` });
        } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...at, i], name));
        else if (value && typeof value === 'object') {
          for (const [k, v] of Object.entries(value)) {
            if (k === 'secrets' && at.length === 3) continue; // a service's parameter names, not values (an environment variable called secrets sits one level deeper)
            walk(v, [...at, k], k);
          }
        }
      };
      walk(file, [], '');
      return issues;
    },
  },
];

/** Whether an absolute POSIX path is the root once `//`, `.` and `..` are resolved (without a platform dependency). */
function isRootPath(p: string): boolean {
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.length === 0;
}

/** Every rule's problems for one file. */
export function checkAwsRules(file: EnvironmentFile, env: ResolvedEnvironment): PropIssue[] {
  return CONFIG_RULES.flatMap((rule) => rule.check(file, env));
}
