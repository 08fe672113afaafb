/**
 * `npm run import -- discover | generate | verify | onboard | adopt`: see cli-args.ts for the contract.
 * Exit codes: 0 done, 1 failed (a resource could not be read, or the plan is not imports only),
 * 2 bad arguments or input files.
 */
import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic, writeFilesAtomic } from './atomic-write';
import { HELP, ParsedArgs, UsageError, parseArgs } from './cli-args';
import { discover, DiscoveryResult } from './discovery/discover';
import { discoveryIamPolicy } from './discovery/registry';
import { generateStack, toolkitRootFor } from './generate/generate-stack';
import { InputFileError, readLandingZoneFile, readStateFile } from './manifest/decision-inputs';
import { buildManifest, DecisionInputs, Manifest, ManifestError, readManifest, writeManifest } from './manifest/manifest';
import { verify, VerifyError } from './verify/verify';

export const ONBOARD_MANIFEST = 'manifest.yaml';

type Out = (line: string) => void;

function decisionInputs(args: ParsedArgs): DecisionInputs {
  return {
    landingZoneIds: new Set(args.landingZoneFiles.flatMap(readLandingZoneFile)),
    landingZoneTags: args.landingZoneTags,
    managed: args.stateFiles.flatMap(readStateFile),
  };
}

/** Progress: a self-updating line on a terminal, one plain line per type otherwise. */
function progress(out: Out, total: number) {
  const tty = Boolean(process.stderr.isTTY);
  let done = 0;
  let found = 0;
  return (type: string, count: number, failed: number) => {
    done++;
    found += count;
    const note = failed > 0 ? `, ${failed} failed` : '';
    if (tty) {
      const width = 20;
      const filled = Math.round((done / total) * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} types, ${found} resources  ${type}: ${count}${note}\x1b[K`);
      if (done === total) process.stderr.write('\n');
    } else {
      out(`${type}: ${count} found${note}`);
    }
  };
}

async function runDiscover(args: ParsedArgs, manifestFile: string, out: Out): Promise<{ result: DiscoveryResult; manifest?: Manifest; ok: boolean }> {
  const inputs = decisionInputs(args);
  const previous = fs.existsSync(manifestFile) ? readManifest(manifestFile) : undefined;
  const { RESOURCE_TYPES } = await import('./discovery/registry');
  const total = args.types?.length ?? RESOURCE_TYPES.length;
  const result = await discover({
    region: args.region!,
    scope: { vpc: args.vpc, tags: args.tags, types: args.types, ids: args.ids, attachedTo: args.attachedTo },
    onTypeDone: progress(out, total),
  });
  if (args.attachedTo && !result.resources.some((r) => [r.id, r.importId, ...(r.altIds ?? [])].includes(args.attachedTo!))) {
    out(`--attached-to ${args.attachedTo}: no such resource was found`);
    return { result, ok: false };
  }
  const manifest = buildManifest(args.region!, result.resources, inputs, previous);
  writeManifest(manifestFile, manifest);
  const count = (d: string) => manifest.entries.filter((e) => e.decision === d).length;
  out(`${manifestFile}: ${manifest.entries.length} resources (${count('import')} import, ${count('reference')} reference, ${count('skip')} skip); ${result.calls.length} API calls`);
  for (const f of result.failures) out(`FAILED ${f.type}${f.id ? ` ${f.id}` : ''}: ${f.message}`);
  if (result.failures.length > 0) out(`${result.failures.length} resources could not be read; the manifest lists the others`);
  return { result, manifest, ok: result.failures.length === 0 };
}

function runGenerate(args: ParsedArgs, manifest: Manifest, outDir: string, out: Out): void {
  // the generated code imports the project's state backends, relative to where it is written
  const files = generateStack(manifest, { backend: args.backend, stateName: args.stateName, toolkitRoot: toolkitRootFor(outDir) });
  writeFilesAtomic(Object.fromEntries(Object.entries(files).map(([f, c]) => [path.join(outDir, f), c])));
  out(`${outDir}: ${Object.keys(files).join(', ')}`);
}

async function runVerify(outDir: string, allowUpdates: boolean, out: Out): Promise<boolean> {
  const result = await verify(outDir, { allowUpdates });
  out(result.text.trimEnd());
  out(result.passed ? 'verify: the plan only imports' : 'verify: the plan is not imports only');
  return result.passed;
}

async function runAdopt(args: ParsedArgs, out: Out, err: Out): Promise<boolean> {
  // loaded here, not at the top: adopt brings the blueprints, cdktf and the environment config
  // (seconds of module loading) that the other verbs never use
  const [{ adopt, AdoptionMisfitError }, { formatReport }, { defaultWorkDir, verifyAdoption }] = await Promise.all([
    import('./adopt/adopt'),
    import('./adopt/adoption-report'),
    import('./adopt/verify-adoption'),
  ]);
  let result: Awaited<ReturnType<typeof adopt>>;
  try {
    result = await adopt({
      blueprint: args.blueprint!,
      app: args.app!,
      environment: args.environment!,
      tier: args.tier!,
      region: args.region!,
      scope: { vpc: args.vpc, tags: args.tags, ids: args.ids, attachedTo: args.attachedTo },
      manifestFile: args.manifest,
      decisionInputs: decisionInputs(args),
      out: args.out!,
      operatingSystem: args.operatingSystem,
    });
  } catch (e) {
    if (!(e instanceof AdoptionMisfitError)) throw e;
    err(`import: ${e.message}`);
    return false;
  }
  const { files, mapping } = result;
  out(`${files.envFile}: the ${args.blueprint} environment ${result.stack}`);
  out(`${files.importFile}: ${mapping.adopted.length} resources to import`);
  out(`${files.reportFile}: ${mapping.adopted.length} adopted, ${result.report.created.length} created by the blueprint, ${mapping.leftAlone.length} left alone`);
  if (!args.verify) return true;
  const workDir = args.workDir ?? defaultWorkDir(args.app!, args.environment!);
  const verdict = await verifyAdoption(files.envFile, workDir, mapping.adopted.map((a) => result.report.addresses[a.constructPath]));
  out(verdict.text.trimEnd());
  writeFileAtomic(files.reportFile, formatReport({ ...result.report, planned: { summary: verdict.text.split('\n')[0], inPlace: verdict.inPlace, allowedReplacements: verdict.allowedReplacements } }));
  out(`${workDir}: plan.json, plan-summary.txt`);
  out(verdict.passed ? 'adopt --verify: nothing that carries the app is replaced or destroyed' : 'adopt --verify: the plan replaces or destroys what it must not');
  return verdict.passed;
}

export async function main(argv: string[], out: Out = (l) => process.stdout.write(`${l}\n`), err: Out = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message === HELP.main) out(e.message);
      else err(`import: ${e.message}`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    out(HELP[args.verb]);
    return 0;
  }
  try {
    switch (args.verb) {
      case 'discover':
        if (args.printIamPolicy) {
          out(JSON.stringify(discoveryIamPolicy(), null, 2));
          return 0;
        }
        return (await runDiscover(args, args.manifest!, out)).ok ? 0 : 1;
      case 'generate':
        runGenerate(args, readManifest(args.manifest!), args.out!, out);
        return 0;
      case 'verify':
        return (await runVerify(args.out!, args.allowUpdates, out)) ? 0 : 1;
      case 'onboard': {
        const manifestFile = path.join(args.out!, ONBOARD_MANIFEST);
        const { ok, manifest } = await runDiscover(args, manifestFile, out);
        // the manifest just written, as generate would read it back (readManifest(formatManifest(m))
        // gives m again, test/terraform-import/manifest.test.ts): parsing a thousand entries of YAML
        // again costs about a second
        runGenerate(args, manifest ?? readManifest(manifestFile), args.out!, out);
        const passed = await runVerify(args.out!, args.allowUpdates, out);
        return ok && passed ? 0 : 1;
      }
      case 'adopt':
        return (await runAdopt(args, out, err)) ? 0 : 1;
    }
  } catch (e) {
    if (e instanceof InputFileError || e instanceof ManifestError) {
      err(`import: ${e.message}`);
      return 2;
    }
    if (e instanceof VerifyError) {
      err(`import: ${e.message}`);
      return 1;
    }
    const x = e as Error;
    err(`import: ${x.name}: ${x.message.split('\n')[0]}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
