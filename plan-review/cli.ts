/**
 * The plan reviewer's command line (npm run review). Reads every plan first, then writes the note and
 * the reports, then posts, then exits with the gate's verdict: a bad input leaves nothing written.
 */
import * as path from 'path';
import { PrerequisiteError } from '../tooling/terraform-cli';
import { CliArgs, USAGE, parseArgs } from './args';
import { OutputFile, writeFilesAtomic } from './atomic-write';
import { ReviewError, UsageError, oneLine } from './errors';
import { GitlabNotes } from './gitlab-notes';
import { gitlabReport } from './gitlab-report';
import { reviewPlan } from './load-plan';
import { headlineSentence, renderNote } from './markdown';
import { NoteTooSmallError } from './note-budget';
import { evaluateGate } from './policy-gate';
import { loadRules } from './protected-rules';
import { SecretCollector } from './mask';
import { StackReview, newReviewContext } from './stack-review';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_GATE_REFUSED = 2;

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

/** What every message passes before it is printed: the secrets seen so far, and the token. */
interface Redaction {
  secrets?: SecretCollector;
  token?: string;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, io: Io = processIo): Promise<number> {
  const redaction: Redaction = {};
  const clean = (text: string): string => {
    let t = redaction.secrets ? redaction.secrets.scrub(text) : text;
    if (redaction.token) t = t.split(redaction.token).join('[token]');
    return t;
  };
  const say = { stdout: (t: string) => io.stdout(t), stderr: (t: string) => io.stderr(clean(t)) };
  try {
    const args = parseArgs(argv, env);
    if (args.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    return await review(args, env, say, redaction);
  } catch (err) {
    if (err instanceof UsageError) say.stderr(`plan-review: ${err.message}\nRun with --help for the options.\n`);
    else if (err instanceof ReviewError || err instanceof PrerequisiteError) {
      say.stderr(`${err.message.split('\n').map((l) => `plan-review: ${l}`).join('\n')}\n`);
    } else {
      // An unexpected error's message may quote anything (a value, a parser's excerpt): not shown
      // unless asked for.
      const debug = env.PLAN_REVIEW_DEBUG ? `: ${oneLine(String((err as Error).message ?? err))}\n${(err as Error).stack}` : ' (set PLAN_REVIEW_DEBUG=1 for the details)';
      say.stderr(`plan-review: internal error${debug}\n`);
    }
    return EXIT_ERROR;
  }
}

async function review(args: CliArgs, env: NodeJS.ProcessEnv, io: Io, redaction: Redaction): Promise<number> {
  // Everything that can be checked before the (possibly long) plan reading is checked first.
  const token = args.post ? env[args.post.tokenEnv] : undefined;
  if (args.post && !token) throw new UsageError(`--post needs the API token in the ${args.post.tokenEnv} variable (a project access token with the api scope)`);
  redaction.token = token;
  const rules = loadRules(args.rulesFile);
  // Twice the note limit: the size estimate is rough, and the retention must never drop detail the note could still show.
  const ctx = newReviewContext(rules, 2 * args.noteLimit);
  redaction.secrets = ctx.secrets;
  const stacks: StackReview[] = args.plans.map((p) => reviewPlan(p.stack, p.file, ctx));
  ctx.retention.trim();

  const gate = evaluateGate(stacks, args.labels, rules.overrideLabel);
  const marker = `plan-review:${args.noteKey}`;
  let note: string;
  try {
    note = renderNote(stacks, gate, ctx.secrets, { noteLimit: args.noteLimit, marker });
  } catch (err) {
    if (err instanceof NoteTooSmallError) throw new UsageError(`--note-limit: ${err.message}`);
    throw err;
  }

  // All or nothing: every output is rendered above; the files are written together, and standard
  // output only once they are all in place.
  const files: OutputFile[] = [];
  if (args.markdownFile && args.markdownFile !== '-') files.push({ file: args.markdownFile, content: note });
  if (args.reportDir) {
    for (const s of stacks) files.push({ file: path.join(args.reportDir, `${s.stack}.tfreport.json`), content: `${JSON.stringify(gitlabReport(s))}\n` });
  }
  writeFilesAtomic(files);
  if (args.markdownFile === '-') io.stdout(note);
  for (const s of stacks) io.stderr(`plan-review: ${s.stack}: ${headlineSentence(s.headline)}\n`);
  if (args.post && token) {
    const result = await new GitlabNotes({ apiUrl: args.post.apiUrl, projectId: args.post.projectId, mrIid: args.post.mrIid, token }).upsert(note, marker);
    io.stderr(`plan-review: ${result.action} note ${result.noteId} on merge request !${args.post.mrIid}\n`);
  }

  const count = `${gate.violations.length} protected resource(s) destroyed or replaced`;
  if (gate.status === 'blocked') {
    io.stderr(`plan-review: policy gate refused: ${count}; add the merge-request label "${gate.overrideLabel}" to allow it\n`);
    return EXIT_GATE_REFUSED;
  }
  io.stderr(gate.status === 'overridden' ? `plan-review: policy gate overridden by the label "${gate.overrideLabel}": ${count}\n` : 'plan-review: policy gate passed\n');
  return EXIT_OK;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
