/** The JSON Schema document of `archscale analyze --json` (docs/analysis.schema.json), from its zod schema. */
import { z } from 'zod';
import { AnalysisJsonSchema } from './json.js';

export function analysisSchemaDocument(): string {
  const schema = z.toJSONSchema(AnalysisJsonSchema, { target: 'draft-2020-12' });
  return `${JSON.stringify({ title: 'archscale analyze --json', ...schema }, null, 2)}\n`;
}
