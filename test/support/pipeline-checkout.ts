/**
 * A throwaway git repository that holds the project's pipeline and code with a small set of
 * environment files, for running .gitlab-ci.yml with gitlab-ci-local. Its node_modules is a link to
 * the project's own (a warm cache: the jobs' install step finds the packages and does not run npm ci).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { PROJECT_ROOT } from '../../tooling/terraform-cli';

/** What the pipeline's jobs run: every tracked top-level file and folder but the project's own environments and tests. */
function projectParts(): string[] {
  const tracked = execFileSync('git', ['ls-files'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
  return [...new Set(tracked.map((f) => f.split('/')[0]))].filter((part) => !['environments', 'test', 'docs', 'bench'].includes(part) && fs.existsSync(path.join(PROJECT_ROOT, part)));
}

export interface PipelineCheckout {
  dir: string;
  git(...args: string[]): string;
  /** Writes `environments/<name>.yaml` files (name may hold folders). */
  writeEnvironments(files: Record<string, unknown>): void;
  commit(message: string): string;
}

export function createPipelineCheckout(dir: string, environments: Record<string, unknown>): PipelineCheckout {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const part of projectParts()) {
    fs.cpSync(path.join(PROJECT_ROOT, part), path.join(dir, part), { recursive: true, filter: (src) => !/\/(node_modules|\.work|cdktf\.out)(\/|$)/.test(src) });
  }
  // node_modules is a link here, which the project's `node_modules/` (a folder pattern) does not ignore.
  fs.appendFileSync(path.join(dir, '.gitignore'), '/node_modules\n.gitlab-ci-local/\n.gitlab-ci-local-variables.yml\n');
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 'pipeline test', GIT_AUTHOR_EMAIL: 'test@example.invalid', GIT_COMMITTER_NAME: 'pipeline test', GIT_COMMITTER_EMAIL: 'test@example.invalid' },
    }).trim();
  const checkout: PipelineCheckout = {
    dir,
    git,
    writeEnvironments(files) {
      for (const [name, content] of Object.entries(files)) {
        const file = path.join(dir, 'environments', `${name}.yaml`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, stringify(content));
      }
    },
    commit(message) {
      git('add', '-A');
      git('commit', '--quiet', '-m', message);
      return git('rev-parse', 'HEAD');
    },
  };
  git('init', '--quiet', '-b', 'main');
  checkout.writeEnvironments(environments);
  checkout.commit('initial');
  return checkout;
}
