/**
 * Runs checkov (from the project venv) over synthesized CDKTF stacks and returns every failed check.
 * It knows no exceptions: the gate (checkov-gate.ts) applies the one suppression list, so there is one
 * place where an exception is stated and justified.
 *
 * All stacks go to ONE checkov process (`-f` per cdk.tf.json): checkov spends ~2 s starting up, and a
 * scan of two 80 kB stacks together takes ~4 s against ~3 s each alone, with the same findings (checked
 * on two stacks whose resource names are identical). `-d` per directory is not used: with several it
 * prints one cumulative JSON document per directory.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ensurePythonTools } from '../tooling/python-venv';

export interface CheckovFinding {
  checkId: string;
  checkName: string;
  /** Terraform address in the stack, e.g. aws_kms_key.app_key_1A2B3C4D */
  resourceAddress: string;
  resourceType: string;
  /** Stack name (cdk.tf.json metadata), else the directory name. */
  stack: string;
  /** The scanned cdk.tf.json. */
  file: string;
}

export interface CheckovReport {
  stacks: string[];
  /** Every failed check, sorted by stack, address, check. */
  failed: CheckovFinding[];
  durationMs: number;
}

interface ScannedStack {
  name: string;
  file: string;
  /** Resource name -> the types that have a resource of that name in this stack. */
  typesByName: Map<string, string[]>;
  /** For names used by more than one type: the line each resource block starts on, per type. */
  startLines: Map<string, Map<number, string>>;
}

function loadStack(dir: string): ScannedStack {
  const file = path.resolve(dir, 'cdk.tf.json');
  if (!fs.existsSync(file)) throw new Error(`no cdk.tf.json in ${dir} (expected a synthesized stack directory, cdktf.out/stacks/<name>)`);
  let json: { '//'?: { metadata?: { stackName?: string } }; resource?: Record<string, Record<string, unknown>> };
  const text = fs.readFileSync(file, 'utf8');
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const typesByName = new Map<string, string[]>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const name of Object.keys(byName ?? {})) typesByName.set(name, [...(typesByName.get(name) ?? []), type]);
  }
  const startLines = new Map<string, Map<number, string>>();
  const ambiguous = [...typesByName].filter(([, types]) => types.length > 1);
  if (ambiguous.length > 0) {
    // Pretty-printed JSON (as cdktf writes it): a resource block opens on `"<name>": {`, and the
    // nearest less-indented `"<type>": {` line above it names its type.
    const lines = text.split('\n');
    for (const [name, types] of ambiguous) {
      const byLine = new Map<number, string>();
      lines.forEach((line, i) => {
        const m = /^(\s*)"([^"]+)": \{$/.exec(line);
        if (!m || m[2] !== name) return;
        for (let j = i - 1; j >= 0; j--) {
          const parent = /^(\s*)"([^"]+)": \{$/.exec(lines[j]);
          if (parent && parent[1].length < m[1].length) {
            if (types.includes(parent[2])) byLine.set(i + 1, parent[2]);
            break;
          }
        }
      });
      startLines.set(name, byLine);
    }
  }
  return { name: json['//']?.metadata?.stackName ?? path.basename(path.resolve(dir)), file, typesByName, startLines };
}

interface RawCheck {
  check_id: string;
  check_name: string;
  resource: string;
  file_abs_path: string;
  file_line_range: [number, number];
}

function parseReports(stdout: string): RawCheck[] {
  const trimmed = stdout.trim();
  if (!trimmed) return [];
  const parsed = JSON.parse(trimmed) as unknown;
  const reports = (Array.isArray(parsed) ? parsed : [parsed]) as { results?: { failed_checks?: RawCheck[] } }[];
  return reports.flatMap((r) => r.results?.failed_checks ?? []);
}

/**
 * checkov's terraform_json runner names resource-level findings `resource.<name>` (without the type);
 * graph checks name them `<type>.<name>`. Both become the Terraform address.
 */
function addressOf(check: RawCheck, stack: ScannedStack): { address: string; type: string } {
  const [first, ...rest] = check.resource.split('.');
  if (first !== 'resource') return { address: check.resource, type: first };
  const name = rest.join('.');
  const types = stack.typesByName.get(name) ?? [];
  const type = types.length === 1 ? types[0] : stack.startLines.get(name)?.get(check.file_line_range[0]);
  if (!type) throw new Error(`checkov reported ${check.check_id} on "${check.resource}" in ${stack.file}, which names no single resource`);
  return { address: `${type}.${name}`, type };
}

function compareFindings(a: CheckovFinding, b: CheckovFinding): number {
  return a.stack.localeCompare(b.stack) || a.resourceAddress.localeCompare(b.resourceAddress) || a.checkId.localeCompare(b.checkId);
}

export function runCheckov(stackDirs: string[]): CheckovReport {
  if (stackDirs.length === 0) throw new Error('runCheckov needs at least one stack directory');
  const stacks = stackDirs.map(loadStack);
  const byFile = new Map(stacks.map((s) => [s.file, s]));
  const { checkov } = ensurePythonTools();

  const args = [
    ...stacks.flatMap((s) => ['-f', s.file]),
    '--framework', 'terraform_json',
    '--output', 'json',
    '--quiet',
    '--compact',
    // Offline and deterministic: no guideline download from the vendor's API, no update check.
    '--skip-download',
  ];
  const started = Date.now();
  const res = spawnSync(checkov, args, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, BC_SKIP_MAPPING: 'TRUE', CKV_SKIP_PACKAGE_UPDATE_CHECK: 'true', LOG_LEVEL: 'WARNING' },
  });
  const durationMs = Date.now() - started;
  if (res.error) throw new Error(`checkov could not run: ${res.error.message}`);
  // checkov exits 1 when a check failed; anything else is checkov itself failing.
  if (res.status !== 0 && res.status !== 1) {
    throw new Error(`checkov exited ${res.status}:\n${(res.stderr || res.stdout).trim().split('\n').slice(-15).join('\n')}`);
  }
  let raw: RawCheck[];
  try {
    raw = parseReports(res.stdout);
  } catch (err) {
    throw new Error(`checkov printed no parsable JSON (${(err as Error).message}):\n${res.stdout.slice(0, 2000)}`);
  }

  const failed: CheckovFinding[] = [];
  const seen = new Set<string>();
  for (const check of raw) {
    const stack = byFile.get(path.resolve(check.file_abs_path));
    if (!stack) throw new Error(`checkov reported a file it was not given: ${check.file_abs_path}`);
    const { address, type } = addressOf(check, stack);
    const finding: CheckovFinding = { checkId: check.check_id, checkName: check.check_name, resourceAddress: address, resourceType: type, stack: stack.name, file: stack.file };
    const key = `${finding.file} ${address} ${finding.checkId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    failed.push(finding);
  }
  return {
    stacks: stacks.map((s) => s.name),
    failed: failed.sort(compareFindings),
    durationMs,
  };
}
