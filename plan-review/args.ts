/**
 * Command-line options of the plan reviewer. GitLab's predefined CI variables are the defaults, so a
 * merge-request pipeline needs little more than `--plan` and `--post`.
 */
import { UsageError } from './errors';
import { apiUrlProblem } from './gitlab-notes';
import { DEFAULT_NOTE_LIMIT } from './markdown';
import { DEFAULT_RULES_FILE } from './protected-rules';
import { parseLabels } from './policy-gate';

export const USAGE = `Usage: npm run review -- --plan <stack>=<plan file> [--plan ...] [options]

Reviews Terraform plans for a merge request: a Markdown note, a GitLab terraform report per stack,
and a policy gate on protected resources.

Input
  --plan <stack>=<file>       one stack's plan: a binary plan file (terraform plan -out=FILE, read
                              with terraform show -json in the file's folder) or its JSON. Repeat it
                              for several stacks; the stack name is <app>-<environment>.
  --rules <file>              protected-resource rules (default: plan-review/protected-resources.yaml)
  --labels <a,b,...>          the merge request's labels (default: $CI_MERGE_REQUEST_LABELS)

Output
  --markdown <file>           write the note to this file ("-": standard output; this is the default
                              when no other output is asked for)
  --gitlab-report-dir <dir>   write <dir>/<stack>.tfreport.json per stack (artifacts:reports:terraform)
  --note-limit <chars>        the note's size limit (default: ${DEFAULT_NOTE_LIMIT}, GitLab's)
  --note-key <key>            tells this review's note apart from others on the merge request
                              (default: plan-review)

Posting the note (creates it, then updates the same note on every later run)
  --post
  --gitlab-api-url <url>      default: $CI_API_V4_URL
  --project-id <id>           default: $CI_PROJECT_ID
  --mr-iid <iid>              default: $CI_MERGE_REQUEST_IID
  --token-env <name>          the variable that holds the API token (default: GITLAB_TOKEN)

Exit status: 0 reviewed, gate passed or overridden; 1 bad input or a failure; 2 the policy gate
refused a destroy or replacement of a protected resource.
`;

export interface PlanArg {
  stack: string;
  file: string;
}

export interface PostArgs {
  apiUrl: string;
  projectId: string;
  mrIid: string;
  tokenEnv: string;
}

export interface CliArgs {
  help: boolean;
  plans: PlanArg[];
  rulesFile: string;
  labels: string[];
  markdownFile?: string;
  reportDir?: string;
  noteLimit: number;
  noteKey: string;
  post?: PostArgs;
}

const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const NOTE_KEY = /^[a-z0-9][a-z0-9_.-]*$/;
const VALUE_FLAGS = new Set([
  '--plan',
  '--rules',
  '--labels',
  '--markdown',
  '--gitlab-report-dir',
  '--note-limit',
  '--note-key',
  '--gitlab-api-url',
  '--project-id',
  '--mr-iid',
  '--token-env',
]);
const SWITCHES = new Set(['--post', '--help', '-h']);

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv): CliArgs {
  const values = new Map<string, string[]>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (SWITCHES.has(flag)) {
      if (flag !== arg) throw new UsageError(`${flag} takes no value`);
      switches.add(flag === '-h' ? '--help' : flag);
    } else if (VALUE_FLAGS.has(flag)) {
      let value: string;
      if (flag !== arg) value = arg.slice(eq + 1);
      else {
        if (i + 1 >= argv.length) throw new UsageError(`${flag} needs a value`);
        value = argv[++i];
      }
      values.set(flag, [...(values.get(flag) ?? []), value]);
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option ${flag}`);
    else throw new UsageError(`unexpected argument "${arg}" (plans are given as --plan <stack>=<file>)`);
  }
  const single = (flag: string): string | undefined => {
    const v = values.get(flag);
    if (v && v.length > 1) throw new UsageError(`${flag} is given more than once`);
    return v?.[0];
  };
  const help = switches.has('--help');
  const plans = (values.get('--plan') ?? []).map(parsePlanArg);
  if (!help && plans.length === 0) throw new UsageError('no plan given (--plan <stack>=<file>)');
  const seen = new Set<string>();
  for (const p of plans) {
    if (seen.has(p.stack)) throw new UsageError(`--plan: the stack "${p.stack}" is given twice`);
    seen.add(p.stack);
  }
  const noteKey = single('--note-key') ?? 'plan-review';
  if (!NOTE_KEY.test(noteKey)) throw new UsageError(`--note-key: expected lowercase letters, digits, "_", "." or "-", got "${noteKey}"`);
  const args: CliArgs = {
    help,
    plans,
    rulesFile: single('--rules') ?? DEFAULT_RULES_FILE,
    labels: parseLabels(single('--labels') ?? env.CI_MERGE_REQUEST_LABELS),
    markdownFile: single('--markdown'),
    reportDir: single('--gitlab-report-dir'),
    noteLimit: parseLimit(single('--note-limit')),
    noteKey,
  };
  if (switches.has('--post')) args.post = postArgs(single, env);
  else {
    for (const flag of ['--gitlab-api-url', '--project-id', '--mr-iid', '--token-env']) {
      if (values.has(flag)) throw new UsageError(`${flag} only applies with --post`);
    }
  }
  if (!args.markdownFile && !args.reportDir && !args.post) args.markdownFile = '-';
  return args;
}

function parsePlanArg(value: string): PlanArg {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1) throw new UsageError(`--plan: expected <stack>=<file>, got "${value}"`);
  const stack = value.slice(0, eq);
  if (!STACK_NAME.test(stack)) throw new UsageError(`--plan: the stack name "${stack}" may hold only letters, digits, "_", "." and "-"`);
  return { stack, file: value.slice(eq + 1) };
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_NOTE_LIMIT;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--note-limit: expected a positive whole number of characters, got "${value}"`);
  return Number(value);
}

function postArgs(single: (flag: string) => string | undefined, env: NodeJS.ProcessEnv): PostArgs {
  const need = (flag: string, variable: string): string => {
    const v = single(flag) ?? env[variable];
    if (!v) throw new UsageError(`--post needs ${flag} or the ${variable} variable (set by GitLab in merge-request pipelines)`);
    return v;
  };
  const apiUrl = need('--gitlab-api-url', 'CI_API_V4_URL');
  const problem = apiUrlProblem(apiUrl);
  if (problem) throw new UsageError(`--gitlab-api-url: ${problem}`);
  const mrIid = need('--mr-iid', 'CI_MERGE_REQUEST_IID');
  if (!/^\d+$/.test(mrIid)) throw new UsageError(`--mr-iid: expected the merge request's number, got "${mrIid}"`);
  const tokenEnv = single('--token-env') ?? 'GITLAB_TOKEN';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(tokenEnv)) throw new UsageError(`--token-env: expected a variable name, got "${tokenEnv}"`);
  return { apiUrl, projectId: need('--project-id', 'CI_PROJECT_ID'), mrIid, tokenEnv };
}
