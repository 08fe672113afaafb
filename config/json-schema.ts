/**
 * The JSON Schema of environment files, for editor completion and validation as you type
 * (`# yaml-language-server: $schema=../../config/environment.schema.json`). Generated from the zod
 * schema so the two cannot drift; a test fails when the checked-in file is stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { environmentFileSchema } from './schema';

export const JSON_SCHEMA_FILE = path.join(__dirname, 'environment.schema.json');

export function environmentJsonSchema(): string {
  const schema = z.toJSONSchema(environmentFileSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'cdktf-aws-blueprints environment' }, null, 2)}\n`;
}

if (require.main === module) {
  const tmp = `${JSON_SCHEMA_FILE}.tmp`;
  fs.writeFileSync(tmp, environmentJsonSchema());
  fs.renameSync(tmp, JSON_SCHEMA_FILE);
  process.stdout.write(`wrote ${path.relative(process.cwd(), JSON_SCHEMA_FILE)}\n`);
}
