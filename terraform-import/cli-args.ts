/**
 * The command line of `npm run import -- <verb>`: parsing and help. A bad argument is a UsageError:
 * one line, exit code 2, no stack trace.
 */
// light modules only: the schema (zod, the tier defaults) and the blueprint mapping load when a verb needs them
import type { BackendConfig } from '../config/schema';
import { OPERATING_SYSTEMS } from '../config/operating-systems';
import { DEFAULT_STATE_KEY_PREFIX } from '../config/state-location';
import { ADOPTABLE_BLUEPRINTS, AdoptableBlueprint } from './adopt/adoptable-blueprints';
import { RESOURCE_TYPES } from './discovery/registry';
import { DEFAULT_STATE_NAME } from './generate/generate-stack';

export class UsageError extends Error {}

export type Verb = 'discover' | 'generate' | 'verify' | 'onboard' | 'adopt';
export const VERBS: readonly Verb[] = ['discover', 'generate', 'verify', 'onboard', 'adopt'];

export interface ParsedArgs {
  verb: Verb;
  help: boolean;
  region?: string;
  vpc?: string;
  tags: Record<string, string>;
  types?: string[];
  ids?: string[];
  attachedTo?: string;
  landingZoneFiles: string[];
  landingZoneTags: Record<string, string>[];
  stateFiles: string[];
  manifest?: string;
  out?: string;
  allowUpdates: boolean;
  printIamPolicy: boolean;
  /** adopt: the blueprint, the environment's identity and where to write. */
  blueprint?: AdoptableBlueprint;
  app?: string;
  environment?: string;
  tier?: 'test' | 'production';
  operatingSystem?: string;
  verify: boolean;
  workDir?: string;
  /** Where the generated stack keeps its state (stacks/state-backend.ts). @default { local: {} } */
  backend: BackendConfig;
  /** The state's name: local file, S3 key and GitLab state are named after it. @default DEFAULT_STATE_NAME */
  stateName: string;
}

const SCOPE_HELP = `Scope (all given must match):
  --vpc ID                 resources in this VPC, and the volumes, roles, keys and alarms tied to them
  --tag K=V                resources tagged K=V (repeatable: every tag must match)
  --types T1,T2            only these Terraform types
  --ids ID1,ID2            only these IDs (ID, ARN or name)
  --attached-to ID         everything attached to this resource (an instance: its volumes, security
                           groups and rules, target groups, listeners, load balancer, instance profile,
                           role and policies, alarms, and the database its groups may reach)
Landing zone (referenced with data sources, never imported):
  --landing-zone FILE      YAML list of IDs the landing zone owns (or a map with an "ids" list); repeatable
  --landing-zone-tag K=V   resources tagged K=V belong to the landing zone; repeatable
Already managed (skipped):
  --state FILE             a Terraform state file (terraform show -json or .tfstate); repeatable
Credentials come from the standard AWS chain; AWS_ENDPOINT_URL is honoured.`;

const BACKEND_HELP = `State of the generated stack (the project's stacks/state-backend.ts; default: local):
  --backend local          terraform.<state name>.tfstate beside the synthesized config
  --backend s3             S3 with native lock files (use_lockfile, always on) and encryption:
    --s3-bucket B            the state bucket (required)
    --s3-key-prefix P        key <P>/<state name>.tfstate (default ${DEFAULT_STATE_KEY_PREFIX})
    --s3-region R            the bucket's region (default: the imported resources' region)
    --s3-kms-key-id K        KMS key that encrypts the state object (default SSE-S3)
  --backend gitlab         GitLab-managed state (http backend): the address
                           <CI_API_V4_URL>/projects/<CI_PROJECT_ID>/terraform/state/<state name> and
                           the job token (CI_JOB_TOKEN) are passed at init, never written to the code
  --state-name NAME        the state's name (default ${DEFAULT_STATE_NAME})`;

export const HELP: Record<Verb | 'main', string> = {
  main: `Usage: npm run import -- <verb> [options]

Brings existing AWS resources under Terraform state with generated CDKTF code, proven by a plan of
imports only.

Verbs:
  discover   list resources, decide import/reference/skip per resource, write the manifest
  generate   write the CDKTF stack from a manifest
  verify     synthesize, terraform plan; exit 0 only for a plan of imports alone
  onboard    discover + generate + verify into one folder
  adopt      bring a running app under a blueprint: environment file, import file, report

Run \`npm run import -- <verb> --help\` for a verb's options.
Exit codes: 0 done, 1 failed (or some resources could not be read, or the plan changes something), 2 bad arguments.`,
  discover: `Usage: npm run import -- discover --region R [scope…] [landing zone…] [--state FILE]… --manifest FILE
       npm run import -- discover --print-iam-policy

Lists the resources with read-only calls and writes the import manifest (YAML). A manifest that
exists already is merged: decisions you changed and every name are kept.

  --region R               AWS region (default: AWS_REGION / AWS_DEFAULT_REGION)
  --manifest FILE          the manifest to write (merged with the one there)
  --print-iam-policy       print the least-privilege IAM policy discovery needs, and exit
${SCOPE_HELP}`,
  generate: `Usage: npm run import -- generate --manifest FILE --out DIR [--backend local|s3|gitlab …]

Writes DIR/imported-stack.ts (a TerraformStack with importFrom on each imported resource), DIR/main.ts
(the app that synthesizes it, with the state backend), DIR/state-backend.json (the backend settings,
for verify) and DIR/cdktf.json. Files are replaced atomically; a failed run leaves the previous ones.

${BACKEND_HELP}`,
  verify: `Usage: npm run import -- verify --out DIR [--allow-updates]

Synthesizes DIR's stack, runs terraform init and plan, writes DIR/plan.json and DIR/plan-summary.txt:
"N to import, A to add, C to change, D to destroy" and every attribute that would change.
Exit 0 only when A = C = D = 0. The state backend is the one generate wrote (DIR/state-backend.json);
for gitlab, TF_HTTP_ADDRESS and the password come from the GitLab job's variables.

  --allow-updates          also pass in-place updates (never a replacement or a destroy)`,
  onboard: `Usage: npm run import -- onboard --region R [scope…] [landing zone…] [--state FILE]… --out DIR [--backend …] [--allow-updates]

discover (manifest at DIR/manifest.yaml) + generate + verify.

  --region R               AWS region (default: AWS_REGION / AWS_DEFAULT_REGION)
  --out DIR                the folder for the manifest, the code and the plan
  --allow-updates          as for verify
${SCOPE_HELP}
${BACKEND_HELP}`,
  adopt: `Usage: npm run import -- adopt --blueprint instance-app|container-app --app NAME --environment ENV --tier T
         (--manifest FILE | scope…) [landing zone…] --out environments/NAME/ENV.yaml [--verify [--work-dir DIR]]

Maps the running app onto the blueprint and writes, all or nothing:
  ENV.yaml           the environment file, every value that would force a replacement taken from the
                     running resources (validated by the project's config loader before it is written)
  ENV.imports.yaml   blueprint construct path -> AWS import ID; the stack imports them on its next apply
  ENV.adoption.md    the report: adopted (resource -> address), created (what the app gains), in-place
                     updates, left alone (with what to do)
A resource set that does not fit the blueprint (one zone only, an engine it lacks, two load balancers…)
ends with every misfit named, exit 1, and nothing written.

  --blueprint B            instance-app or container-app
  --app NAME               the app name (lower-case with dashes)
  --environment ENV        the environment name (e.g. production)
  --tier T                 test or production: the tier defaults the environment gets
  --region R               AWS region (default: AWS_REGION / AWS_DEFAULT_REGION)
  --out FILE               the environment file to write (environments/NAME/ENV.yaml)
  --manifest FILE          take the app from this manifest's import decisions instead of discovering
  --operating-system OS    the instances' OS for patching (${OPERATING_SYSTEMS.join(', ')}; default AMAZON_LINUX_2023)
  --verify                 then synthesize with the import file, terraform plan against the account,
                           write plan.json and plan-summary.txt; exit 1 on any replace or destroy
                           (a new ECS task-definition revision is the one replacement allowed)
  --work-dir DIR           where --verify works (default .work/adopt/<app>-<env>/)
${SCOPE_HELP}`,
};

const BACKEND_OPTIONS = ['--backend', '--state-name', '--s3-bucket', '--s3-key-prefix', '--s3-region', '--s3-kms-key-id'];
const BACKENDS = ['local', 's3', 'gitlab'] as const;

/** The backend options as the project's BackendConfig, checked by its schema (config/schema.ts). */
function backendOf(kind: string | undefined, s3: Record<string, string>, stateName: string): BackendConfig {
  const chosen = kind ?? 'local';
  if (!(BACKENDS as readonly string[]).includes(chosen)) throw new UsageError(`--backend: expected one of ${BACKENDS.join(', ')}, found "${chosen}"`);
  if (chosen !== 's3' && Object.keys(s3).length > 0) throw new UsageError(`${Object.keys(s3).map((k) => `--s3-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}: only with --backend s3`);
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(stateName)) throw new UsageError(`--state-name: expected letters, digits, ".", "_" or "-", found "${stateName}"`);
  if (chosen === 's3' && !s3.bucket) throw new UsageError('--s3-bucket: required with --backend s3');
  // local and gitlab take no settings: only the S3 settings need the schema's checks
  if (chosen !== 's3') return { [chosen]: {} } as BackendConfig;
  const { backendSchema } = require('../config/schema') as typeof import('../config/schema');
  const parsed = backendSchema.safeParse({ s3 });
  if (!parsed.success) {
    // the union's branch for this backend says which setting is wrong
    type Issue = { path: PropertyKey[]; message: string; errors?: Issue[][] };
    const flat = (issues: Issue[]): Issue[] => issues.flatMap((i) => [i, ...flat((i.errors ?? []).flat())]);
    const issue = flat(parsed.error.issues as Issue[]).find((i) => i.path[0] === chosen && i.path.length > 1);
    const key = String(issue?.path[issue.path.length - 1] ?? '');
    throw new UsageError(issue ? `--s3-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue.message}` : `--backend ${chosen}: ${parsed.error.issues[0].message}`);
  }
  return parsed.data as BackendConfig;
}

const ALLOWED: Record<Verb, Set<string>> = {
  discover: new Set(['--region', '--vpc', '--tag', '--types', '--ids', '--attached-to', '--landing-zone', '--landing-zone-tag', '--state', '--manifest', '--print-iam-policy']),
  generate: new Set(['--manifest', '--out', ...BACKEND_OPTIONS]),
  verify: new Set(['--out', '--allow-updates']),
  onboard: new Set(['--region', '--vpc', '--tag', '--types', '--ids', '--attached-to', '--landing-zone', '--landing-zone-tag', '--state', '--out', '--allow-updates', ...BACKEND_OPTIONS]),
  adopt: new Set(['--blueprint', '--app', '--environment', '--tier', '--region', '--vpc', '--tag', '--ids', '--attached-to', '--landing-zone', '--landing-zone-tag', '--state', '--manifest', '--out', '--operating-system', '--verify', '--work-dir']),
};
const FLAGS = new Set(['--allow-updates', '--print-iam-policy', '--verify', '--help', '-h']);
const NAME = /^[a-z][a-z0-9-]{0,30}$/;

function keyValue(option: string, value: string): [string, string] {
  const at = value.indexOf('=');
  if (at <= 0) throw new UsageError(`${option}: expected K=V, found "${value}"`);
  return [value.slice(0, at), value.slice(at + 1)];
}

function list(option: string, value: string): string[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError(`${option}: expected a comma-separated list, found "${value}"`);
  return items;
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ParsedArgs {
  const [verbArg, ...rest] = argv;
  if (verbArg === undefined || verbArg === '--help' || verbArg === '-h') throw new UsageError(HELP.main);
  if (!VERBS.includes(verbArg as Verb)) throw new UsageError(`unknown verb "${verbArg}": expected one of ${VERBS.join(', ')} (npm run import -- --help)`);
  const verb = verbArg as Verb;
  const args: ParsedArgs = { verb, help: false, tags: {}, landingZoneFiles: [], landingZoneTags: [], stateFiles: [], allowUpdates: false, printIamPolicy: false, verify: false, backend: { local: {} }, stateName: DEFAULT_STATE_NAME };
  let backendKind: string | undefined;
  const s3: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const option = rest[i];
    if (option === '--help' || option === '-h') {
      args.help = true;
      continue;
    }
    if (!option.startsWith('--')) throw new UsageError(`${verb}: unexpected argument "${option}"`);
    if (!ALLOWED[verb].has(option)) throw new UsageError(`${verb}: unknown option ${option} (npm run import -- ${verb} --help)`);
    if (FLAGS.has(option)) {
      if (option === '--allow-updates') args.allowUpdates = true;
      if (option === '--print-iam-policy') args.printIamPolicy = true;
      if (option === '--verify') args.verify = true;
      continue;
    }
    const value = rest[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${option}: expected a value`);
    switch (option) {
      case '--region': args.region = value; break;
      case '--vpc': args.vpc = value; break;
      case '--tag': { const [k, v] = keyValue(option, value); args.tags[k] = v; break; }
      case '--types': args.types = list(option, value); break;
      case '--ids': args.ids = list(option, value); break;
      case '--attached-to': args.attachedTo = value; break;
      case '--landing-zone': args.landingZoneFiles.push(value); break;
      case '--landing-zone-tag': { const [k, v] = keyValue(option, value); args.landingZoneTags.push({ [k]: v }); break; }
      case '--state': args.stateFiles.push(value); break;
      case '--manifest': args.manifest = value; break;
      case '--out': args.out = value; break;
      case '--blueprint':
        if (!(ADOPTABLE_BLUEPRINTS as readonly string[]).includes(value)) throw new UsageError(`--blueprint: expected one of ${ADOPTABLE_BLUEPRINTS.join(', ')}, found "${value}"`);
        args.blueprint = value as AdoptableBlueprint;
        break;
      case '--app':
      case '--environment':
        if (!NAME.test(value)) throw new UsageError(`${option}: expected lower-case letters, digits and dashes, found "${value}"`);
        if (option === '--app') args.app = value;
        else args.environment = value;
        break;
      case '--tier':
        if (value !== 'test' && value !== 'production') throw new UsageError(`--tier: expected test or production, found "${value}"`);
        args.tier = value;
        break;
      case '--operating-system':
        if (!(OPERATING_SYSTEMS as readonly string[]).includes(value)) throw new UsageError(`--operating-system: expected one of ${OPERATING_SYSTEMS.join(', ')}, found "${value}"`);
        args.operatingSystem = value;
        break;
      case '--work-dir': args.workDir = value; break;
      case '--backend': backendKind = value; break;
      case '--state-name': args.stateName = value; break;
      case '--s3-bucket': s3.bucket = value; break;
      case '--s3-key-prefix': s3.keyPrefix = value; break;
      case '--s3-region': s3.region = value; break;
      case '--s3-kms-key-id': s3.kmsKeyId = value; break;
    }
  }
  if (args.help) return args;
  args.backend = backendOf(backendKind, s3, args.stateName);
  if (args.types) {
    const unknown = args.types.filter((t) => !RESOURCE_TYPES.some((m) => m.type === t));
    if (unknown.length > 0) throw new UsageError(`--types: unsupported ${unknown.join(', ')}; supported: ${RESOURCE_TYPES.map((t) => t.type).join(', ')}`);
  }
  if (verb === 'adopt') {
    const missing = (['--blueprint', '--app', '--environment', '--tier', '--out'] as const).filter((o) => args[o.slice(2) as 'app'] === undefined);
    if (missing.length > 0) throw new UsageError(`adopt: ${missing.join(', ')} required (npm run import -- adopt --help)`);
    if (!/\.ya?ml$/.test(args.out!)) throw new UsageError(`--out: expected the environment file to write (…/ENV.yaml), found "${args.out}"`);
    if (args.workDir && !args.verify) throw new UsageError('--work-dir: only with --verify');
    const scoped = args.vpc || Object.keys(args.tags).length || args.ids || args.attachedTo;
    if (args.manifest && scoped) throw new UsageError('adopt: --manifest or scope options, not both');
    if (!args.manifest && !scoped) throw new UsageError('adopt: say which resources are the app: --manifest FILE, or --vpc, --tag, --ids or --attached-to');
  }
  if (verb === 'discover' || verb === 'onboard' || verb === 'adopt') {
    if (!args.printIamPolicy) {
      args.region ??= env.AWS_REGION || env.AWS_DEFAULT_REGION;
      if (!args.region) throw new UsageError(`${verb}: --region is required (or set AWS_REGION)`);
      if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(args.region)) throw new UsageError(`--region: expected a region such as eu-central-1, found "${args.region}"`);
    }
  }
  if ((verb === 'discover' && !args.printIamPolicy) || verb === 'generate') if (!args.manifest) throw new UsageError(`${verb}: --manifest FILE is required`);
  if (verb === 'generate' || verb === 'verify' || verb === 'onboard') if (!args.out) throw new UsageError(`${verb}: --out DIR is required`);
  return args;
}
