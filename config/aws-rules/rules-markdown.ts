/**
 * The README's tables of loader limits and AWS rules, generated from the code that enforces them; a
 * test fails when the README's copy between the `aws-rules` markers differs.
 */
import { ENVIRONMENT_FILE_PATTERN, MAX_ALIAS_COUNT, MAX_FILE_BYTES, MAX_NESTING_DEPTH, MAX_PROBLEMS_PER_FILE } from '../environment-files';
import { CONFIG_RULES, ConfigRule } from './config-rules';
import { NAME_RULES, NameRule } from './name-rules';

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The rules default to the enforced ones; a test passes others to render what the tables lack today. */
export function renderAwsRulesMarkdown(configRules: readonly ConfigRule[] = CONFIG_RULES, nameRules: readonly NameRule[] = NAME_RULES): string {
  const limits = [
    '| limit | value |',
    '|---|---|',
    `| file size | ${MAX_FILE_BYTES / 1024} KiB (${MAX_FILE_BYTES} bytes) |`,
    `| alias expansions per file | ${MAX_ALIAS_COUNT} (an alias of a block that holds aliases counts each of them) |`,
    `| nesting of mappings and lists | ${MAX_NESTING_DEPTH} levels |`,
    `| file names | \`${ENVIRONMENT_FILE_PATTERN.source}\` in any letter case; symlinks followed (loops and broken links are errors); FIFOs, sockets and devices refused |`,
    '| encoding | UTF-8 (a BOM is allowed); UTF-16, other encodings and NUL bytes refused |',
    '| values | YAML 1.2 core types only: strings, numbers, true/false, null, lists, mappings, merge keys (`<<`); other tags (`!!binary`, `!!timestamp`, `!custom`), `.inf`, `.nan` and integers beyond 2^53 refused |',
    '| keys | strings; an empty key, `null` and `~` (which YAML reads as null), lists and mappings as keys, and `__proto__`, `constructor`, `prototype` refused |',
    `| problems listed per file | the first ${MAX_PROBLEMS_PER_FILE} YAML problems in the order of the file, then how many more |`,
  ];
  const rules = ['| rule | what it enforces |', '|---|---|', ...configRules.map((r) => `| \`${r.id}\` | ${cell(r.description)} |`)];
  const names = [
    '| rule | name | Terraform | length | characters | also |',
    '|---|---|---|---|---|---|',
    ...nameRules.map((r) => {
      const also = [
        r.shape?.text,
        r.forbiddenPrefixes && `no prefix ${r.forbiddenPrefixes.map((p) => `\`${p}\``).join(', ')}`,
        r.forbiddenSuffixes && `no suffix ${r.forbiddenSuffixes.map((p) => `\`${p}\``).join(', ')}`,
        r.forbiddenNames && `not ${r.forbiddenNames.map((p) => `\`${p}\``).join(', ')}`,
        r.noConsecutiveHyphens && 'no `--`',
      ].filter(Boolean);
      const terraform = r.terraform.map((t) => `\`${t.type}.${t.attribute}\``).join(', ');
      return `| \`${r.id}\` | ${cell(r.what)} | ${terraform} | ${r.minLength}–${r.maxLength} | ${cell(r.charsetText)} | ${cell(also.join('; '))} |`;
    }),
  ];
  return [...limits, '', ...rules, '', ...names].join('\n');
}
