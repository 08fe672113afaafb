/**
 * The JSON Schema of environment files, for editor completion and validation as you type
 * (`# yaml-language-server: $schema=../../config/environment.schema.json`). Generated from the zod
 * schema so the two cannot drift; a test fails when the checked-in file is stale. `npm run schema`
 * also regenerates the README's configuration reference from the same descriptions.
 */
import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { withConfigReference } from './config-reference';
import { environmentFileSchema } from './schema';

export const JSON_SCHEMA_FILE = path.join(__dirname, 'environment.schema.json');
export const README_FILE = path.join(__dirname, '..', 'README.md');

/**
 * `io: 'input'`: editors check what a user writes, so a key with a default is optional there;
 * `unrepresentable: 'any'`: a check JSON Schema cannot express is left to the loader, not an error.
 * `schema`: the environment file's unless a test shows what the options do.
 */
export function environmentJsonSchema(schema: z.ZodType = environmentFileSchema): string {
  const jsonSchema = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...jsonSchema, title: 'cdktf-aws-blueprints environment' }, null, 2)}\n`;
}

/** Writes through a temporary file, so an interrupted run leaves the old file whole. */
function replaceFile(file: string, content: string): void {
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}

if (require.main === module) {
  replaceFile(JSON_SCHEMA_FILE, environmentJsonSchema());
  replaceFile(README_FILE, withConfigReference(fs.readFileSync(README_FILE, 'utf8')));
}
